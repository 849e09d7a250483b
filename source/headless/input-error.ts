/** A mistake in the user's input, not a bug: the CLI prints the message and exits 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
