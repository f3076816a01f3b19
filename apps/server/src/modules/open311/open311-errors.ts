/**
 * An Open311 error: answered as the specification's error list (`[{code, description}]`, or
 * `<errors><error><code>…</code><description>…</description></error></errors>`), the code being the HTTP status.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }

  static badRequest(description: string): Open311Error {
    return new Open311Error(400, description);
  }

  static notFound(description: string): Open311Error {
    return new Open311Error(404, description);
  }
}
