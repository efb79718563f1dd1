import { ApiError, apiSend } from './client.ts';

export interface UploadOptions {
  /** Form fields; a list is sent as the field repeated, as the server reads lists. */
  fields: Record<string, string | boolean | readonly string[] | undefined>;
  onProgress?(sent: number, total: number): void;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; field?: string } };
    if (body.error?.message)
      return new ApiError(status, body.error.code ?? 'error', body.error.message, body.error.field);
  } catch {
    // Not JSON.
  }
  return new ApiError(status, 'http_error', `The server answered ${status}.`);
}

function multipart<T>(path: string, file: File, options: UploadOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', file, file.name);
    for (const [k, v] of Object.entries(options.fields)) {
      if (v === undefined || v === false || v === '') continue;
      if (typeof v === 'object') for (const item of v) form.append(k, item);
      else form.append(k, String(v));
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, 'http_error', 'The server sent a reply that is not JSON.'));
        }
      } else reject(errorOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'Fathom’s server cannot be reached.'));
    xhr.send(form);
  });
}

/**
 * Sends a file to an operation with a `file` field: as a multipart upload with progress, or, where
 * the server takes only JSON, as base64 content next to the file name.
 */
export async function uploadFile<T>(path: string, file: File, options: UploadOptions): Promise<T> {
  try {
    return await multipart<T>(path, file, options);
  } catch (e) {
    if (!(e instanceof ApiError) || (e.code !== 'unsupported_media_type' && e.status !== 415)) throw e;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  options.onProgress?.(0, bytes.length);
  const body: Record<string, unknown> = { file: file.name, content: toBase64(bytes) };
  for (const [k, v] of Object.entries(options.fields))
    if (v !== undefined && v !== '' && v !== false && !(typeof v === 'object' && v.length === 0)) body[k] = v;
  const result = await apiSend<T>('POST', path, body);
  options.onProgress?.(bytes.length, bytes.length);
  return result;
}
