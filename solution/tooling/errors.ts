/** Problems found in the solution definitions, each naming the file and the element to fix. */

export interface Problem {
  /** Repository-relative path of the definition file. */
  file: string;
  /** The element inside it, e.g. `wxm_Content.displayName` or `form wxm_message_main > cell wxm_foo`. */
  element: string;
  message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.element}: ${problem.message}`;
}

/** Thrown by validation and pack; the message lists every problem, one per line. */
export class SolutionDefinitionError extends Error {
  override readonly name = 'SolutionDefinitionError';
  constructor(readonly problems: Problem[]) {
    super(`The solution definitions have ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}
