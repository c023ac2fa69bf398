// Schema touches for display only: Redoc shows a `const` without a `type` as "any", so the docs
// bundle gives each such schema the type of its constant (`type: string, const: ReceivedCallback`).
// The spec keeps the bare `const`, which means the same to a validator.

const typeOfConstant = (value) => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

/** Walks a document in place, typing every untyped `const` schema. Returns how many it typed. */
export function typeConstants(node) {
  let typed = 0;
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    if ('const' in value && value.type === undefined && !('$ref' in value)) {
      value.type = typeOfConstant(value.const);
      typed++;
    }
    for (const [k, child] of Object.entries(value)) if (k !== 'const' && k !== 'examples' && k !== 'example') visit(child);
  };
  visit(node);
  return typed;
}
