import { SaxesParser } from 'saxes';

/** An XML element as the tests read it: its name, its child elements in order, and its text. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

/** Parses a whole document (a well-formedness error throws), keeping elements and text only. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, children: [], text: '' };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (root.children.length !== 1) throw new Error('an XML document has one root element');
  return root.children[0];
}

/** The element's children as a flat record of name → text (the form of an Open311 item). */
export function fields(element: XmlElement): Record<string, string> {
  return Object.fromEntries(element.children.map((c) => [c.name, c.text]));
}
