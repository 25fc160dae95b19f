export default definePageConfig({ navigationBarTitleText: '我的进门码' });
