#!/usr/bin/env node
import { main } from './cli-main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code); // serve keeps running (-1) until a signal stops it
  },
  (error: Error) => {
    console.error(`zapi-mock: ${error.message}`);
    process.exit(1);
  },
);
