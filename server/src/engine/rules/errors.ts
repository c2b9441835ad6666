/** A rule or spec file in rules/ (or a team's addition) that does not match its schema. */
export class RuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly details: string[],
  ) {
    super(`${file}: ${details.join('; ')}`);
    this.name = 'RuleLoadError';
  }
}
