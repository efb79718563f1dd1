import type { Operation } from '../operations/registry.ts';
import { objectFields } from '../operations/schema-fields.ts';
import type { FieldInfo } from '../operations/schema-fields.ts';
import { FathomError } from '../domain/errors.ts';
import { HttpError } from './error-response.ts';

/** The names in an operation's HTTP path, e.g. `/people/{person}/judge` → `['person']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The operation's path in Hono's syntax: `{id}` → `:id`. */
export function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function unknownField(
  key: string,
  where: string,
  fields: FieldInfo[],
  params: Record<string, string>,
): FathomError {
  if (key in params) {
    return new FathomError('invalid_input', `${key}: comes from the path; leave it out of the ${where}.`, {
      field: key,
    });
  }
  const known = fields.map((f) => f.key).join(', ') || 'none';
  return new FathomError('invalid_input', `${key}: not a field of this ${where} (known fields: ${known}).`, {
    field: key,
  });
}

/** Numbers and booleans arrive as text in a query string; turn them into what the schema expects. */
function coerce(field: FieldInfo, values: string[]): unknown {
  if (field.kind === 'list') return values;
  if (values.length > 1) {
    throw new FathomError('invalid_input', `${field.key}: given ${values.length} times; give it once.`, {
      field: field.key,
    });
  }
  const value = values[0] ?? '';
  if (field.kind === 'number') return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (field.kind === 'boolean') {
    // A bare `?archived` means true, as a flag does on the command line.
    if (value === '' || value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  }
  return value;
}

/**
 * Raw input from a query string (GET and DELETE): repeated keys make lists, numbers and booleans
 * are read by the schema's field kinds, and unknown keys are refused rather than silently ignored.
 */
export function queryInput(
  op: Operation,
  query: URLSearchParams,
  params: Record<string, string>,
): Record<string, unknown> {
  const fields = objectFields(op.input);
  const raw: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const field = fields.find((f) => f.key === key);
    if (!field || key in params)
      throw unknownField(
        key,
        'query',
        fields.filter((f) => !(f.key in params)),
        params,
      );
    raw[key] = coerce(field, query.getAll(key));
  }
  return { ...raw, ...params };
}

/** Raw input from a JSON body (POST and PATCH), merged with the path's parameters. */
export async function bodyInput(
  op: Operation,
  request: Request,
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  const text = await request.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/([\w.-]+\+)?json\b/i.test(type)) {
      throw new HttpError(
        'unsupported_media_type',
        `body: send JSON with Content-Type: application/json (got ${JSON.stringify(type || 'none')}).`,
        {
          field: 'body',
        },
      );
    }
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new FathomError('invalid_input', `body: not valid JSON (${(e as Error).message}).`, {
        field: 'body',
      });
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FathomError('invalid_input', 'body: must be a JSON object.', { field: 'body' });
  }
  const fields = objectFields(op.input);
  if (fields.length > 0) {
    for (const key of Object.keys(body)) {
      if (!fields.some((f) => f.key === key) || key in params)
        throw unknownField(
          key,
          'body',
          fields.filter((f) => !(f.key in params)),
          params,
        );
    }
  }
  return { ...(body as Record<string, unknown>), ...params };
}

/** Raw input from a multipart form, and the uploaded files by the name the input refers to them with. */
export interface FormInput {
  raw: Record<string, unknown>;
  files: Map<string, Uint8Array>;
}

/** Operations with a `file` field take an upload: a multipart form whose `file` part is the file. */
export function acceptsUpload(op: Operation): boolean {
  return objectFields(op.input).some((f) => f.key === 'file' && f.kind === 'text');
}

/**
 * What the operation reads the file with over HTTP: the uploaded bytes under their file name,
 * checked against the operation's size limit. A name that was not uploaded is refused, so a request
 * can never make the server read one of its own files.
 */
export function uploadedFile(
  files: ReadonlyMap<string, Uint8Array>,
): (path: string, maxBytes: number) => Promise<Uint8Array> {
  return async (path, maxBytes) => {
    const bytes = files.get(path.trim());
    if (!bytes)
      throw new FathomError('invalid_input', `file: "${path}" was not uploaded with this request.`, {
        field: 'file',
      });
    if (bytes.byteLength > maxBytes) {
      throw new FathomError(
        'too_large',
        `file: ${path} has ${bytes.byteLength} bytes, over the limit of ${maxBytes}.`,
        { field: 'file' },
      );
    }
    return bytes;
  };
}

/** True for a multipart upload, which operations with a `file` field accept besides JSON. */
export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '');
}

/**
 * Raw input from a multipart form (uploads): text parts are fields read like a query string; a file
 * part gives its file name to the field of the same name and its bytes to `files`, never a path on the server.
 */
export async function formInput(
  op: Operation,
  request: Request,
  params: Record<string, string>,
): Promise<FormInput> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (e) {
    throw new FathomError('invalid_input', `body: not a readable multipart form (${(e as Error).message}).`, {
      field: 'body',
    });
  }
  const fields = objectFields(op.input);
  const raw: Record<string, unknown> = {};
  const files = new Map<string, Uint8Array>();
  for (const key of new Set(form.keys())) {
    const field = fields.find((f) => f.key === key);
    if (!field || key in params)
      throw unknownField(
        key,
        'form',
        fields.filter((f) => !(f.key in params)),
        params,
      );
    const values = form.getAll(key);
    const uploads = values.filter((v) => typeof v !== 'string');
    if (uploads.length === 0) {
      raw[key] = coerce(field, values as string[]);
      continue;
    }
    if (values.length > 1)
      throw new FathomError('invalid_input', `${key}: send one file per request.`, { field: key });
    const upload = uploads[0] as Exclude<(typeof values)[number], string>;
    const name = upload.name.trim() || 'upload';
    files.set(name, new Uint8Array(await upload.arrayBuffer()));
    raw[key] = name;
  }
  return { raw: { ...raw, ...params }, files };
}
