import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FathomError } from '../domain/errors.ts';
import { formatSize } from '../ingest/import-contacts.ts';

/**
 * Reads a file named on the command line. Its size is checked before a byte is read, so a file
 * over the limit (or a device that never ends) is refused at once; errors name the path.
 */
export async function readLocalFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const info = await checkLocalFile(path, maxBytes);
  const handle = await open(path, 'r');
  try {
    // Read at most one byte past the limit: a file that grew since the check is still refused.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled > maxBytes) throw grew(path, maxBytes);
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** A local file opened for streaming: its first bytes (to tell the format) and its chunks. */
export interface StreamedFile {
  head: Uint8Array;
  /** The size when the file was opened. */
  size: number;
  chunks(): AsyncIterable<Uint8Array>;
}

/**
 * Opens a file named on the command line for reading a megabyte at a time, with the same checks
 * as `readLocalFile`, so a large calendar never has to sit in memory whole.
 */
export async function streamLocalFile(
  path: string,
  maxBytes: number,
  headBytes: number,
): Promise<StreamedFile> {
  const info = await checkLocalFile(path, maxBytes);
  const handle = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buffer = Buffer.alloc(Math.min(info.size, headBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return {
    head,
    size: info.size,
    async *chunks() {
      const file = await open(path, 'r');
      try {
        let total = 0;
        for (;;) {
          const buffer = Buffer.allocUnsafe(1 << 20);
          const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          total += bytesRead;
          if (total > maxBytes) throw grew(path, maxBytes);
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await file.close();
      }
    },
  };
}

function grew(path: string, maxBytes: number): FathomError {
  return new FathomError(
    'too_large',
    `file: ${path} grew past the limit of ${formatSize(maxBytes)} while being read.`,
    { field: 'file' },
  );
}

/** The checks every local read makes first: the file exists, is a regular file, and is under the limit. */
async function checkLocalFile(path: string, maxBytes: number): Promise<{ size: number }> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new FathomError('not_found', `file: cannot read ${path}: ${why}.`, { field: 'file' });
  }
  if (info.isDirectory())
    throw new FathomError('invalid_input', `file: ${path} is a folder; name the export file inside it.`, {
      field: 'file',
    });
  if (!info.isFile())
    throw new FathomError('invalid_input', `file: ${path} is not a regular file.`, { field: 'file' });
  if (info.size > maxBytes) {
    throw new FathomError(
      'too_large',
      `file: ${path} is ${formatSize(info.size)}, over the limit of ${formatSize(maxBytes)}. Raise it with --max-size if the file really is an export.`,
      { field: 'file' },
    );
  }
  return { size: info.size };
}

/**
 * Writes a file named on the command line: `write` fills a temporary file in the same folder, which
 * then takes the name (a link, so a file that appeared meanwhile is still not replaced, unless
 * `replace`). An existing file is refused unless `replace`; on any failure the temporary file goes.
 */
export async function writeLocalFile(
  path: string,
  write: (temporaryPath: string) => Promise<void>,
  options: { replace: boolean },
): Promise<{ path: string; bytes: number }> {
  const full = resolve(path);
  const folder = dirname(full);
  try {
    if (!(await stat(folder)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new FathomError('not_found', `file: cannot write ${path}: the folder ${folder} does not exist.`, {
      field: 'file',
    });
  }
  const existing = await stat(full).catch(() => null);
  if (existing?.isDirectory())
    throw new FathomError('invalid_input', `file: ${path} is a folder; name a file inside it.`, {
      field: 'file',
    });
  if (existing && !options.replace) throw exists(path);
  const temporary = join(folder, `.${basename(full)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await write(temporary);
    if (options.replace) await rename(temporary, full);
    else {
      try {
        await link(temporary, full);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw exists(path);
        // A file system without hard links: the check above is all there is.
        if (await stat(full).catch(() => null)) throw exists(path);
        await rename(temporary, full);
      }
      await unlink(temporary).catch(() => undefined);
    }
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
  return { path: full, bytes: (await stat(full)).size };
}

function exists(path: string): FathomError {
  return new FathomError('conflict', `file: ${path} already exists; add --force to replace it.`, {
    field: 'file',
  });
}
