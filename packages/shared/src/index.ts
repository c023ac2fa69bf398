export { REDACTED, SECRET_HEADERS, redact, redactHeaders } from './redact.js';
export { BodyTooLargeError, readBodyWithLimit } from './body.js';
export { describeFetchError } from './fetch-error.js';
