import { open, stat } from 'node:fs/promises';
import { FathomError } from '../domain/errors.ts';
import { formatSize } from '../ingest/import-contacts.ts';

/**
 * Reads a file named on the command line. Its size is checked before a byte is read, so a file
 * over the limit (or a device that never ends) is refused at once; errors name the path.
 */
export async function readLocalFile(path: string, maxBytes: number): Promise<Uint8Array> {
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
      `file: ${path} is ${formatSize(info.size)}, over the limit of ${formatSize(maxBytes)}. Raise it with --max-size if the file is really a contacts export.`,
      { field: 'file' },
    );
  }
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
    if (filled > maxBytes) {
      throw new FathomError(
        'too_large',
        `file: ${path} grew past the limit of ${formatSize(maxBytes)} while being read.`,
        { field: 'file' },
      );
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
