import { RATE_PAGE } from '@hcp/contracts';

export default defineAppConfig({
  // The pages a scan leads through stay in the main package (they must open without a second download).
  pages: ['pages/index/index', RATE_PAGE, 'pages/thanks/index', 'pages/mine/index'],
  // The rest are subpackages, which WeChat downloads when one of their pages first opens, so the main package does
  // not carry them (bench/bundle-size.mjs measures each): the citizen's case page, 我的消息 (opened from 我的评价,
  // and fetched in advance when 我的评价 opens) and 公开评价 (opened from home), and the staff pages (工作人员登录, 我的工单, the case page, 督办, 消息).
  subPackages: [
    { root: 'citizen', pages: ['case/index', 'notices/index', 'public/index'] },
    { root: 'staff', pages: ['login/index', 'cases/index', 'case/index', 'supervise/index', 'notices/index'] },
  ],
  preloadRule: {
    'pages/mine/index': { network: 'all', packages: ['citizen'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0052d9',
    navigationBarTitleText: '政务服务好差评',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f8',
  },
});
