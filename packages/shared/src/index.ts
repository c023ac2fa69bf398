export { REDACTED, SECRET_HEADERS, redact, redactHeaders } from './redact.js';
