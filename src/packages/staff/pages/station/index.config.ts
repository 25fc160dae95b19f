export default definePageConfig({ navigationBarTitleText: '我的驿站', enablePullDownRefresh: true });
