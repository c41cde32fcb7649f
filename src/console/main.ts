import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { whenPasswordChangeRequired, whenUnauthorized } from './api/client.js';
import { session } from './api/session.js';
import { router } from './router.js';
import './styles.css';

whenUnauthorized(() => {
  session.operator = null;
  if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
});

whenPasswordChangeRequired(() => {
  if (session.operator) session.operator.mustChangePassword = true;
  void router.push({ name: 'password' });
});

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app');
