export default definePageConfig({
  navigationBarTitleText: '评价结果',
});
