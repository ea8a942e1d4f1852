/**
 * A migration problem a person has to act on (unreachable server, changed or failed migration, unknown
 * DATABASE_URL scheme). Callers print its message alone: it says what happened and what to do.
 */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}
