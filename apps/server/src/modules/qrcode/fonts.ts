import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The family name inside the Noto Sans SC files, used by resvg to match `font-family`. */
export const FONT_FAMILY = 'Noto Sans SC';

export type FontWeight = 'regular' | 'bold';

/**
 * Fonts come from the `@expo-google-fonts/noto-sans-sc` package, never from the system: a server image
 * without CJK fonts would otherwise print empty boxes (tofu) instead of Chinese on every poster.
 */
const FONT_FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

let paths: Record<FontWeight, string> | undefined;
let buffers: Record<FontWeight, Buffer> | undefined;

/** Absolute paths of the font files: resvg-js's Node binding takes paths, not buffers, and opens them per render. */
export function fontPaths(): Record<FontWeight, string> {
  if (!paths) {
    const require = createRequire(import.meta.url);
    paths = { regular: require.resolve(FONT_FILES.regular), bold: require.resolve(FONT_FILES.bold) };
  }
  return paths;
}

/** The font files' bytes, read once per process (about 10 MB each; pdfkit embeds only the glyphs used). */
export function fontBuffers(): Record<FontWeight, Buffer> {
  if (!buffers) {
    const { regular, bold } = fontPaths();
    buffers = { regular: readFileSync(regular), bold: readFileSync(bold) };
  }
  return buffers;
}
