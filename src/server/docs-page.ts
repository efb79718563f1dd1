import type { JsonSchema, OpenApiDocument, OpenApiOperation } from './openapi-document.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A short human reading of a JSON Schema: `integer 1–50`, `inner | network`, `list of string`. */
function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' or ');
  if (schema.type === 'array') return `list of ${typeOf((schema.items ?? {}) as JsonSchema)}`;
  const type = typeof schema.type === 'string' ? schema.type : 'any';
  const min =
    typeof schema.minimum === 'number' && Math.abs(schema.minimum) < 1e15 ? schema.minimum : undefined;
  const max =
    typeof schema.maximum === 'number' && Math.abs(schema.maximum) < 1e15 ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) return `${type} ${min}–${max}`;
  if (min !== undefined) return `${type} ≥ ${min}`;
  if (max !== undefined) return `${type} ≤ ${max}`;
  if (typeof schema.maxLength === 'number') return `${type}, at most ${schema.maxLength} characters`;
  return type;
}

interface FieldRow {
  name: string;
  where: string;
  required: boolean;
  schema: JsonSchema;
}

function rowsOf(op: OpenApiOperation): FieldRow[] {
  const rows: FieldRow[] = (op.parameters ?? []).map((p) => ({
    name: p.name,
    where: p.in,
    required: p.required,
    schema: p.schema,
  }));
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
    const required = new Set((media.schema.required ?? []) as string[]);
    const where = type === 'application/json' ? 'body' : 'form';
    for (const [name, s] of Object.entries((media.schema.properties ?? {}) as Record<string, JsonSchema>)) {
      rows.push({ name, where, required: required.has(name), schema: s });
    }
  }
  return rows;
}

function renderOperation(method: string, path: string, op: OpenApiOperation): string {
  const rows = rowsOf(op);
  const table =
    rows.length === 0
      ? '<p class="none">No input.</p>'
      : `<table><thead><tr><th>Field</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows
          .map(
            (r) =>
              `<tr><td><code>${escapeHtml(r.name)}</code>${r.required ? ' <span class="req">required</span>' : ''}</td><td>${r.where}</td><td>${escapeHtml(
                typeOf(r.schema),
              )}${r.schema.default !== undefined ? ` (default ${escapeHtml(JSON.stringify(r.schema.default))})` : ''}</td><td>${escapeHtml(
                typeof r.schema.description === 'string' ? r.schema.description : '',
              )}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section id="${escapeHtml(op.operationId)}"><h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(
    path,
  )}</code></h3><p>${escapeHtml(op.summary)} <span class="opid">${escapeHtml(op.operationId)}</span></p>${table}</section>`;
}

/** The API reference as one plain HTML page, rendered on the server from the OpenAPI document. */
export function docsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(method, path, op)]);
    }
  }
  const sections = [...byTag]
    .map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('')}`)
    .join('');
  const nav = [...byTag.keys()].map((t) => `<a href="#tag-${escapeHtml(t)}">${escapeHtml(t)}</a>`).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} reference</title><link rel="stylesheet" href="/api/docs.css"></head>
<body><main><h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description)}</p>
<p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>
<nav>${nav}</nav>${sections}</main></body></html>
`;
}

/** Styles for the reference page, served as a file because the CSP forbids inline styles. */
export const docsStylesheet = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232b;background:#fafaf7}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1 small{font-size:.55em;color:#6b7480}h2{margin-top:2.2rem;border-bottom:1px solid #d9dcd4;text-transform:capitalize}
section{margin:1.2rem 0 1.8rem}h3{margin:.2rem 0;font-size:1.02rem}
.method{display:inline-block;min-width:4.2em;padding:.05em .4em;border-radius:3px;color:#fff;font-size:.8em;text-align:center}
.get{background:#2f6f9f}.post{background:#3b7d4a}.patch{background:#9a6b16}.delete{background:#a33c3c}.put{background:#6b4c9a}
.opid{color:#6b7480;font-size:.85em;margin-left:.4em}.req{color:#a33c3c;font-size:.8em}.none{color:#6b7480}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #e6e8e1;vertical-align:top}
code{font-family:ui-monospace,monospace}nav a{margin-right:.8em;text-transform:capitalize}
`;
