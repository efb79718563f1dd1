import yazl from 'yazl';

/** Builds a ZIP in memory for tests (yazl is a dev dependency); `store` leaves an entry uncompressed. */
export async function buildZip(
  files: { path: string; data: string | Uint8Array; store?: boolean }[],
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data);
    zip.addBuffer(data, file.path, { compress: !file.store });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
