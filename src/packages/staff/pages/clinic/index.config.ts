export default definePageConfig({ navigationBarTitleText: '健康驿站', enablePullDownRefresh: true });
