// Validates Kubernetes objects against the Kubernetes API's OpenAPI schemas (npm kubernetes-models, its
// validators compiled from the schemas by @kubernetes-models/validate), for deploy/helm/chart.int-spec.ts.
// A Node process of its own: kubernetes-models ships ES modules only (with `import`-only exports),
// which Jest's CommonJS runtime does not load.
//
// Usage: node deploy/helm/validate-manifests.mjs < objects.json
//   stdin:  a JSON array of objects (apiVersion, kind, ...)
//   stdout: a JSON array, one entry per object in order: { "errors": null } when valid, else
//           { "errors": "<what the schema says>" } (an unknown apiVersion/kind is an error too)

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));

/** The module of a kind: core `v1` -> kubernetes-models/v1/Kind, `group/v` -> kubernetes-models/group/v/Kind. */
function modulePath({ apiVersion, kind }) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z]+$/.test(kind)) return null;
  const parts = apiVersion.split('/');
  if (parts.length > 2 || !parts.every((part) => /^[a-z0-9.-]+$/.test(part))) return null;
  return `kubernetes-models/${parts.join('/')}/${kind}`;
}

const results = [];
for (const object of objects) {
  const path = modulePath(object ?? {});
  if (!path) {
    results.push({ errors: 'no apiVersion/kind' });
    continue;
  }
  let Model;
  try {
    Model = (await import(path))[object.kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function') {
    results.push({ errors: `no schema for ${object.apiVersion} ${object.kind}` });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ errors: null });
  } catch (error) {
    results.push({ errors: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
