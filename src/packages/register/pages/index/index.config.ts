export default definePageConfig({ navigationBarTitleText: '首次登记' });
