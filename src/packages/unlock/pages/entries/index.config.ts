export default definePageConfig({ navigationBarTitleText: '进门记录' });
