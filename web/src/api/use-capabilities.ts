import { useApi } from './use-api.ts';

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }
    >
  >;
}

/** How the server lets people be archived, if it does yet: a field of person edit, or a route of its own. */
export type ArchiveMethod = { kind: 'field' } | { kind: 'route'; method: string; path: string } | null;

/**
 * What the running server offers beyond the core, read from its OpenAPI document, so pages can show
 * an action only once the server has it.
 */
export function useCapabilities(): { archive: ArchiveMethod; loaded: boolean } {
  const doc = useApi<OpenApi>('/openapi.json');
  if (!doc.data) return { archive: null, loaded: false };
  const paths = doc.data.paths;
  const edit = paths['/api/people/{person}']?.patch;
  if (edit?.requestBody?.content?.['application/json']?.schema?.properties?.archived !== undefined) {
    return { archive: { kind: 'field' }, loaded: true };
  }
  for (const [path, methods] of Object.entries(paths)) {
    if (!/^\/api\/people\/\{\w+\}\/archive$/.test(path)) continue;
    const method = Object.keys(methods).find((m) => m === 'post' || m === 'patch');
    if (method)
      return { archive: { kind: 'route', method: method.toUpperCase(), path: path.slice(4) }, loaded: true };
  }
  return { archive: null, loaded: true };
}

/** Archives (or brings back) one person the way the server offers. */
export function archiveRequest(
  archive: Exclude<ArchiveMethod, null>,
  id: number,
  archived: boolean,
): { method: 'POST' | 'PATCH'; path: string; body: Record<string, unknown> } {
  if (archive.kind === 'field') return { method: 'PATCH', path: `/people/${id}`, body: { archived } };
  return {
    method: archive.method === 'PATCH' ? 'PATCH' : 'POST',
    path: archive.path.replace(/\{\w+\}/, String(id)),
    body: archived ? {} : { undo: true },
  };
}
