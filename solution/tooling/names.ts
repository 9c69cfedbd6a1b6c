/** Duplicate-name detection shared by the validators. */
import type { Problem } from './errors.js';

/** Records names and reports the second use of one (case-insensitive, as Dataverse compares them). */
export class NameRegistry {
  private readonly seen = new Map<string, string>();
  constructor(
    private readonly kind: string,
    private readonly problems: Problem[],
  ) {}
  add(name: string, file: string, element: string): void {
    const key = name.toLowerCase();
    const first = this.seen.get(key);
    if (first !== undefined) this.problems.push({ file, element, message: `duplicate ${this.kind} schema name "${name}" (first defined in ${first})` });
    else this.seen.set(key, file);
  }
}
