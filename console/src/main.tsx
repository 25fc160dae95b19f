import { createRoot } from 'react-dom/client';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';

dayjs.locale('zh-cn');

/** Base text 16 px and 44 px controls: the union's staff are not all young (the app's older-eyes rules, on a desk). */
const theme = { token: { fontSize: 16, controlHeight: 44, colorPrimary: '#0b5cad' } };

createRoot(document.getElementById('root')!).render(
  <ConfigProvider locale={zhCN} theme={theme}>
    <App />
  </ConfigProvider>,
);
