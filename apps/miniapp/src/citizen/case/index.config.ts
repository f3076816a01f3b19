export default definePageConfig({
  navigationBarTitleText: '处理进展',
});
