import type { NetworkConnection, Person, PostalAddress } from '../api/types.ts';
import { dateLabel, partialDateLabel, sourceLabel } from '../format.ts';

/** The networks whose exports say when you connected, as people write their names. */
const networkNames: Record<string, string> = {
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
};

export function networkName(network: string): string {
  return networkNames[network] ?? network;
}

/** Every part of the name a source or you gave, when it says more than the name itself. */
export function fullNameOf(p: Person): string | null {
  const full = [p.namePrefix, p.givenName, p.middleName, p.familyName, p.nameSuffix]
    .filter(Boolean)
    .join(' ');
  return full !== '' && full !== p.name ? full : null;
}

/** Title, organization and department: `Analyst at Verde Capital · Research`. */
export function workText(p: Pick<Person, 'title' | 'organization' | 'department'>): string {
  return [p.title, [p.organization, p.department].filter(Boolean).join(' · ')].filter(Boolean).join(' at ');
}

/** An address as it is written on an envelope, a line per part. */
function addressLines(a: PostalAddress): string[] {
  const town = [a.postalCode, a.locality].filter(Boolean).join(' ');
  return [a.poBox, a.extended, a.street, town, a.region, a.country]
    .filter((part): part is string => Boolean(part))
    .flatMap((part) => part.split('\n'));
}

/** `https://www.fjord.example/zoe/` → `fjord.example/zoe`, for a link's text. */
function shortUrl(url: string): string {
  return url.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
}

function knownSinceTitle(connections: NetworkConnection[]): string {
  return connections.map((c) => `${networkName(c.network)}: ${dateLabel(c.connectedOn)}`).join('\n');
}

/**
 * What address books say about a person beyond the basics (the page's head shows their work):
 * their full name, nickname, anniversary, since when you know them (per network), addresses, web pages and related people.
 * Nothing at all when there is none of it.
 */
export function PersonDetailsCard({ person: p }: { person: Person }) {
  const full = fullNameOf(p);
  const urls = p.contacts.filter((c) => c.kind === 'url');
  const any =
    full !== null ||
    p.nickname !== null ||
    p.anniversary !== null ||
    p.knownSince !== null ||
    p.addresses.length + urls.length + p.related.length > 0;
  if (!any) return null;
  return (
    <section className="card person-details" aria-labelledby="details-title" data-testid="person-details">
      <h2 id="details-title" className="card-title">
        Details
      </h2>
      <dl className="facts stacked">
        {full ? (
          <div>
            <dt>Full name</dt>
            <dd>{full}</dd>
          </div>
        ) : null}
        {p.nickname ? (
          <div>
            <dt>Nickname</dt>
            <dd>{p.nickname}</dd>
          </div>
        ) : null}
        {p.knownSince ? (
          <div>
            <dt>Known since</dt>
            <dd>
              <span title={knownSinceTitle(p.connections)}>{dateLabel(p.knownSince)}</span>
              <ul className="plain-list small">
                {p.connections.map((c) => (
                  <li key={c.network}>
                    {networkName(c.network)}: {dateLabel(c.connectedOn)}{' '}
                    <span className="provenance">{sourceLabel(c.source)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {p.anniversary ? (
          <div>
            <dt>Anniversary</dt>
            <dd>{partialDateLabel(p.anniversary)}</dd>
          </div>
        ) : null}
        {p.addresses.length > 0 ? (
          <div>
            <dt>{p.addresses.length === 1 ? 'Address' : 'Addresses'}</dt>
            <dd>
              <ul className="plain-list address-list">
                {p.addresses.map((a) => (
                  <li key={a.id}>
                    {a.label ? <span className="address-label">{a.label}</span> : null}
                    <span className="address-lines">{addressLines(a).join('\n')}</span>
                    <span className="provenance">{sourceLabel(a.source)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {urls.length > 0 ? (
          <div>
            <dt>On the web</dt>
            <dd>
              <ul className="plain-list">
                {urls.map((u) => (
                  <li key={u.id}>
                    <a href={u.value} target="_blank" rel="noopener noreferrer">
                      {shortUrl(u.value)}
                    </a>
                    {u.label ? <span className="muted"> ({u.label})</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {p.related.length > 0 ? (
          <div>
            <dt>Related</dt>
            <dd>
              <ul className="plain-list">
                {p.related.map((r) => (
                  <li key={r.id}>
                    {r.name}
                    {r.relation ? <span className="muted"> ({r.relation})</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
