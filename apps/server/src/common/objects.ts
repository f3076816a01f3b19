/** The object without its undefined properties: PATCH bodies leave out what does not change. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}
