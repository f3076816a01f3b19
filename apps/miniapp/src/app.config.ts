export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0052d9',
    navigationBarTitleText: '政务服务好差评',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f8',
  },
});
