/**
 * What context.userSettings.dateFormattingInfo holds for the two cultures the solution ships (values of .NET's
 * en-US and zh-CN DateTimeFormatInfo, which Dynamics passes through).
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/usersettings
 */
const EN_US = {
  amDesignator: 'AM',
  pmDesignator: 'PM',
  shortDatePattern: 'M/d/yyyy',
  longDatePattern: 'dddd, MMMM d, yyyy',
  shortTimePattern: 'h:mm tt',
  longTimePattern: 'h:mm:ss tt',
  fullDateTimePattern: 'dddd, MMMM d, yyyy h:mm:ss tt',
  monthDayPattern: 'MMMM d',
  yearMonthPattern: 'MMMM yyyy',
  dateSeparator: '/',
  timeSeparator: ':',
  firstDayOfWeek: 0,
  dayNames: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  abbreviatedDayNames: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  shortestDayNames: ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'],
  monthNames: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', ''],
  abbreviatedMonthNames: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', ''],
};

const ZH_CN = {
  ...EN_US,
  amDesignator: '上午',
  pmDesignator: '下午',
  shortDatePattern: 'yyyy/M/d',
  longDatePattern: "yyyy'年'M'月'd'日'",
  shortTimePattern: 'H:mm',
  longTimePattern: 'H:mm:ss',
  fullDateTimePattern: "yyyy'年'M'月'd'日' H:mm:ss",
  monthDayPattern: "M'月'd'日'",
  yearMonthPattern: "yyyy'年'M'月'",
  firstDayOfWeek: 1,
  dayNames: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  abbreviatedDayNames: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  shortestDayNames: ['日', '一', '二', '三', '四', '五', '六'],
  monthNames: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月', ''],
  abbreviatedMonthNames: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', ''],
};

export function dateFormattingInfo(languageId: number): typeof EN_US {
  return languageId === 2052 ? ZH_CN : EN_US;
}
