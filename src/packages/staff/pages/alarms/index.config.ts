export default definePageConfig({ navigationBarTitleText: '报警和驿站状态', enablePullDownRefresh: true });
