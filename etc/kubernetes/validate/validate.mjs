// Validates Kubernetes objects against the Kubernetes API schemas (kubernetes-models) and the
// Prometheus Operator's (ServiceMonitor): every document of the YAML on standard input (the output
// of `kubectl kustomize etc/kubernetes`) and of each file named as an argument. Exits 1 and names
// each object that fails, with the schema's own messages; an object of a kind it has no schema for
// fails too, so nothing is skipped silently.
//   kubectl kustomize etc/kubernetes | node etc/kubernetes/validate/validate.mjs etc/kubernetes/secret.example.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

function modulePath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const sources = [["standard input", readFileSync(0, "utf8")]];
for (const file of process.argv.slice(2)) {
  sources.push([file, readFileSync(file, "utf8")]);
}

let failures = 0;
let checked = 0;
for (const [source, text] of sources) {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      console.error(`${source}: YAML error: ${doc.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object == null) {
      continue;
    }
    const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"} (${source})`;
    let model;
    try {
      model = (await import(modulePath(String(object.apiVersion), String(object.kind))))[object.kind];
    } catch (e) {
      console.error(`${name}: no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
      failures++;
      continue;
    }
    try {
      new model(object).validate();
      checked++;
      console.log(`ok ${name}`);
    } catch (e) {
      console.error(`${name}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${checked} valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
