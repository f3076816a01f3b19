import { A4, layoutPoster, windowLabel, type PosterLayout, type WindowPoster } from './poster.layout.js';
import { createPdf, measureWith } from './poster.pdf.js';
import { encodeQr } from './qr-symbol.js';

const measure = measureWith(createPdf('', { layoutCache: false }));

const POSTER: WindowPoster = {
  hallName: '某某市政务服务中心',
  windowNumber: '3',
  windowName: '不动产登记',
  unitName: '某某市自然资源和规划局',
  url: 'https://pj.example.gov.cn/r/Ab3dE9xYz',
  note: '监督电话：12345',
};

const LONG: WindowPoster = {
  hallName: '某某省某某市某某区行政审批服务局政务服务中心（市民之家）二楼东区综合受理大厅',
  windowNumber: '12',
  windowName: '企业开办“一窗通办”及工程建设项目审批综合受理窗口（含水电气网联合报装）',
  unitName: '某某市行政审批服务局、某某市市场监督管理局、某某市住房和城乡建设局、某某供电公司',
  url: 'https://pj.example.gov.cn/r/Ab3dE9xYz?from=poster&hall=0301&window=12',
  note: '监督电话：12345。对本窗口服务不满意的，可拨打监督电话或登录某某省政务服务网进行投诉，我们将在3个工作日内回复。',
};

const layout = (poster: WindowPoster) => layoutPoster(poster, encodeQr(poster.url), measure);

/** Every text inside the page's side margins and top to bottom, and none crossing the QR code. */
function expectNothingOverflows(page: PosterLayout): void {
  const qr = page.qr!;
  for (const run of page.texts) {
    const right = run.x + measure(run.text, run.size, run.weight);
    const [top, bottom] = [run.baseline - 0.9 * run.size, run.baseline + 0.15 * run.size];
    expect({ text: run.text, left: run.x >= 40, right: right <= A4.width - 40 }).toEqual({ text: run.text, left: true, right: true });
    expect(top).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeLessThanOrEqual(A4.height);
    expect({ text: run.text, clear: bottom <= qr.y || top >= qr.y + qr.size }).toEqual({ text: run.text, clear: true });
  }
}

describe('layoutPoster', () => {
  it('gives the code most of the page: over 10 cm across, centred', () => {
    const page = layout(POSTER);
    expect(page.qr!.size).toBeGreaterThan((10 / 2.54) * 72);
    expect(page.qr!.x + page.qr!.size / 2).toBeCloseTo(A4.width / 2, 5);
    expect(page.texts.map((t) => t.text)).toEqual([
      '扫码评价',
      '政务服务好差评',
      '某某市政务服务中心',
      '3号窗口·不动产登记',
      'https://pj.example.gov.cn/r/Ab3dE9xYz',
      '请使用微信或手机浏览器扫描二维码，为本次服务评价',
      '您的评价将直接送达监督部门',
      '责任单位：某某市自然资源和规划局',
      '监督电话：12345',
    ]);
    expectNothingOverflows(page);
  });

  it('wraps and shrinks long names and notes without leaving the page or covering the code', () => {
    const page = layout(LONG);
    expectNothingOverflows(page);
    expect(page.qr!.size).toBeGreaterThan((8 / 2.54) * 72);
    // Nothing is lost: the long texts are wrapped, not cut.
    const printed = page.texts.map((t) => t.text).join('');
    expect(printed).toContain('综合受理大厅');
    expect(printed).toContain('联合报装）');
    expect(printed).not.toContain('…');
  });

  it('cuts absurdly long texts with an ellipsis as a last resort', () => {
    const page = layout({ ...LONG, hallName: '大厅'.repeat(200), windowName: '窗口'.repeat(200), note: '备注'.repeat(300) });
    expectNothingOverflows(page);
    expect(page.texts.filter((t) => t.text.endsWith('…')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('windowLabel', () => {
  it('adds 号窗口 only where missing', () => {
    expect(windowLabel('3')).toBe('3号窗口');
    expect(windowLabel('A03')).toBe('A03号窗口');
    expect(windowLabel('3号')).toBe('3号窗口');
    expect(windowLabel('3号窗口')).toBe('3号窗口');
    expect(windowLabel(' ')).toBe('');
  });
});
