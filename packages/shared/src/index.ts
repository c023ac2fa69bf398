export { redact, redactHeaders } from './redact.js';
export { BodyTooLargeError, readBodyWithLimit } from './body.js';
export { describeFetchError } from './fetch-error.js';
export { jsonTypeOf, undescribedFields, type UndescribedField } from './schema-fields.js';
export {
  findingsFromSchemaErrors,
  formatDriftSummary,
  lessonOf,
  summariseDrift,
  undescribedFindings,
  type DriftFinding,
  type DriftKind,
  type DriftSummary,
  type DriftSummaryEntry,
} from './drift.js';
export { dottedPath, faultOf, segmentsOf, telling, valueAt, type SchemaError, type SchemaFault } from './schema-faults.js';
export {
  INSTANCE_PREFIX,
  createResolver,
  documentedResponse,
  instancePrefix,
  instancePrefixPattern,
  pointerOf,
  readOperations,
  tagProperty,
  templatePath,
} from './spec-model.js';
export type * from './spec-model.js';
export { closest, editDistance } from './closest.js';
