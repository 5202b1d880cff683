/** The store's start-up failure, kept apart from the driver so a memory-store server never loads `pg`. */

/** Why the store cannot be served, in one line with the command or setting that fixes it. */
export class StoreStartupError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "StoreStartupError";
  }
}
