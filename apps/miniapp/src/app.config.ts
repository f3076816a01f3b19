export default defineAppConfig({
  // All citizen pages stay in the main package (a scan must open without a second download); staff pages will go
  // to a subpackage.
  pages: ['pages/index/index', 'pages/rate/index', 'pages/thanks/index', 'pages/mine/index'],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0052d9',
    navigationBarTitleText: '政务服务好差评',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f8',
  },
});
