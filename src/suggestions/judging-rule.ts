import type { Mode, Verdict } from '../domain/vocabulary.ts';
import { containsWords, foldText } from './title-words.ts';

/** A rule the owner wrote: when every matcher holds for an entry, suggest its mode, verdict and goal. */
export interface JudgingRule {
  id: number;
  /** Text the title must contain, at the start of a word, ignoring case and accents. */
  title: string | null;
  /** A person who must be among the entry's people. */
  person: { id: number; name: string } | null;
  /** Someone on the entry must work at an organization containing this text. */
  organization: string | null;
  /** Someone on the entry must carry this tag. */
  tag: string | null;
  mode: Mode | null;
  verdict: Verdict | null;
  goal: { id: number; title: string } | null;
  createdAt: string;
}

/** What a rule can look at: the entry's title and, for each of its people, their organization and tags. */
export interface RuleSubject {
  title: string;
  people: readonly { id: number; organization: string | null; tags: readonly string[] }[];
}

/** Whether every matcher of the rule holds for the entry. */
export function ruleMatches(rule: JudgingRule, subject: RuleSubject): boolean {
  if (rule.title !== null && !containsWords(subject.title, rule.title)) return false;
  if (rule.person !== null && !subject.people.some((p) => p.id === rule.person!.id)) return false;
  if (
    rule.organization !== null &&
    !subject.people.some((p) => p.organization !== null && containsWords(p.organization, rule.organization!))
  )
    return false;
  if (rule.tag !== null) {
    const tag = foldText(rule.tag);
    if (!subject.people.some((p) => p.tags.some((t) => foldText(t) === tag))) return false;
  }
  return true;
}

/** How many matchers a rule has; a rule with more of them is more specific and wins over one with fewer. */
export function ruleSpecificity(rule: JudgingRule): number {
  return [rule.title, rule.person, rule.organization, rule.tag].filter((m) => m !== null).length;
}

/** The rule's matchers in words: `title contains “1:1” and with Ana Lima`. */
export function describeMatchers(rule: JudgingRule): string {
  const parts: string[] = [];
  if (rule.title !== null) parts.push(`title contains “${rule.title}”`);
  if (rule.person !== null) parts.push(`with ${rule.person.name}`);
  if (rule.organization !== null) parts.push(`someone from ${rule.organization}`);
  if (rule.tag !== null) parts.push(`someone tagged ${rule.tag}`);
  return parts.join(' and ');
}

/** The rule's outcome in words: `networking, forward, goal “Raise the seed round”`. */
export function describeOutcome(rule: JudgingRule): string {
  const parts: string[] = [];
  if (rule.mode) parts.push(rule.mode);
  if (rule.verdict) parts.push(rule.verdict);
  if (rule.goal) parts.push(`goal “${rule.goal.title}”`);
  return parts.join(', ');
}
