export default definePageConfig({ navigationBarTitleText: '登录工会控制台' });
