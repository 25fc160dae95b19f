export default definePageConfig({ navigationBarTitleText: '健康驿站预约' });
