export default definePageConfig({ navigationBarTitleText: '扫码开门' });
