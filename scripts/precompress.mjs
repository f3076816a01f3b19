// `node scripts/precompress.mjs <build folder>`: writes a brotli (`.br`) and a gzip (`.gz`) copy beside each text file
// of a build, for the server to send to browsers that accept them (apps/server/src/modules/web/h5-static.ts).
// Compressing once at build time allows the slowest, smallest settings (brotli 11, gzip 9), which would cost too much
// per request. Plain Node (node:zlib), no dependencies. Prints one line: what it compressed, and how small.
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Text formats. Images, fonts such as woff2 and archives are compressed already: another pass only costs time. */
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt', '.xml', '.ico', '.ttf', '.otf', '.eot']);
/** Below this a copy saves less than one network packet. */
const MIN_BYTES = 1024;
/** A copy must save at least this share of the file, or it is not worth a second representation. */
const MIN_SAVING = 0.1;

const CODINGS = [
  {
    suffix: '.br',
    compress: (data) =>
      promisify(brotliCompress)(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { suffix: '.gz', compress: (data) => promisify(gzip)(data, { level: constants.Z_BEST_COMPRESSION }) },
];

async function precompress(dir) {
  const totals = { files: 0, bytes: 0, '.br': 0, '.gz': 0 };
  for (const file of await filesUnder(dir)) {
    if (CODINGS.some((c) => file.endsWith(c.suffix))) {
      // A copy whose file is gone (an earlier build's hashed name) would only take space.
      const original = file.slice(0, file.lastIndexOf('.'));
      if (!(await exists(original))) await rm(file);
      continue;
    }
    const info = await stat(file);
    if (!TEXT.has(extname(file).toLowerCase()) || info.size < MIN_BYTES) continue;
    const data = await readFile(file);
    totals.files += 1;
    totals.bytes += data.length;
    for (const { suffix, compress } of CODINGS) {
      const packed = await compress(data);
      if (packed.length > data.length * (1 - MIN_SAVING)) {
        await rm(file + suffix, { force: true });
        totals[suffix] += data.length;
        continue;
      }
      // Written after its file, so newer: the server sends a copy only when it is not older than its file.
      await writeFile(file + suffix, packed);
      totals[suffix] += packed.length;
    }
  }
  return totals;
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs <build folder>');
  process.exit(2);
}
const totals = await precompress(dir);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`Precompressed ${totals.files} files in ${dir}: ${kb(totals.bytes)}, as brotli ${kb(totals['.br'])}, as gzip ${kb(totals['.gz'])}.`);
