import { fireEvent, waitFor } from '@testing-library/react';

/** Types into a Taro Input or Textarea (a web component whose native field appears once it has rendered). */
export async function typeInto(selector: string, value: string): Promise<void> {
  const field = await waitFor(() => {
    const found = document.body.querySelector(`${selector} input, ${selector} textarea`);
    if (!found) throw new Error(`no field ${selector}`);
    return found;
  });
  fireEvent.input(field, { target: { value } });
}

/** Clicks the element `selector` finds (a Taro Button is a web component, found by its class). */
export function tap(selector: string): void {
  const element = document.body.querySelector(selector);
  if (!element) throw new Error(`nothing matches ${selector}`);
  fireEvent.click(element);
}
