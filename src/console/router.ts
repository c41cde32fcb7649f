import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { canUse, loadSession, session, type Area } from './api/session.js';
import ConsoleLayout from './components/ConsoleLayout.vue';
import LoginView from './views/LoginView.vue';

const page = (path: string, name: Area, title: string, view: () => Promise<unknown>): RouteRecordRaw => ({
  path,
  name,
  component: view as never,
  meta: { title, area: name },
});

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
  {
    path: '/',
    component: ConsoleLayout,
    children: [
      page('', 'dashboard', '工作台', () => import('./views/DashboardView.vue')),
      page('inbox', 'inbox', '消息', () => import('./views/InboxView.vue')),
      page('keywords', 'keywords', '关键词回复', () => import('./views/KeywordsView.vue')),
      page('simulator', 'simulator', '试一试', () => import('./views/SimulatorView.vue')),
      page('unmatched', 'unmatched', '未匹配', () => import('./views/UnmatchedView.vue')),
      page('tickets', 'tickets', '诉求工单', () => import('./views/TicketsView.vue')),
      page('appointments', 'appointments', '预约', () => import('./views/AppointmentsView.vue')),
      page('menu', 'menu', '自定义菜单', () => import('./views/MenuView.vue')),
      page('numbered-menus', 'numbered-menus', '编号菜单', () => import('./views/NumberedMenusView.vue')),
      page('content/news', 'news', '资讯', () => import('./views/NewsView.vue')),
      page('content/guides', 'guides', '办事指南', () => import('./views/GuidesView.vue')),
      page('content/places', 'places', '办事网点', () => import('./views/PlacesView.vue')),
      page('calendar', 'calendar', '日历', () => import('./views/CalendarView.vue')),
      page('operators', 'operators', '人员', () => import('./views/OperatorsView.vue')),
      page('audit', 'audit', '操作日志', () => import('./views/AuditView.vue')),
      page('stats', 'stats', '统计', () => import('./views/StatsView.vue')),
      page('participation', 'participation', '互动征集', () => import('./views/ParticipationView.vue')),
      page('followers', 'followers', '关注者', () => import('./views/FollowersView.vue')),
      page('broadcasts', 'broadcasts', '群发', () => import('./views/BroadcastsView.vue')),
      page('qrcodes', 'qrcodes', '带参二维码', () => import('./views/QrcodesView.vue')),
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory('/console/'), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.checked || !session.operator) await loadSession();
  if (!session.operator) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (session.operator.mustChangePassword && to.name !== 'password') return { name: 'password' };
  const area = to.meta.area as Area | undefined;
  if (area && area !== 'dashboard' && !canUse(area)) return { name: 'dashboard' };
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '控制台')} · 微政运营控制台`;
});
