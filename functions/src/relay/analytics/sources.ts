/**
 * WeChat's user_source values (where a follower came from) as the data cube reports them, named for row names.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
const NAMES: Readonly<Record<number, string>> = {
  [-1]: 'All sources 全部来源',
  0: 'Other 其他',
  1: 'Search 公众号搜索',
  17: 'Profile card 名片分享',
  30: 'QR code 扫描二维码',
  43: 'Article menu 图文页右上角菜单',
  51: 'After payment 支付后关注',
  57: 'Article name 图文页内公众号名称',
  100: 'WeChat ads 微信广告',
  161: 'Reprinted article 他人转载',
};

/** "QR code 扫描二维码 (30)"; an unknown source keeps its number. */
export function sourceName(source: number): string {
  const name = NAMES[source];
  return name === undefined ? `Source 来源 ${source}` : source === -1 ? name : `${name} (${source})`;
}
