// The browser build loads the pages of the mini-program's main package (home, rating, thank-you, 我的评价) with the
// app, as WeChat does: a citizen who loses the network after opening the rating page must still see the thank-you
// page ("已保存，联网后自动提交") and 我的评价, which Taro's router would otherwise fetch on navigation, and the rating
// page needs no second round trip before its levels show. The subpackages (the citizen's case page, the staff
// pages) stay in chunks of their own, fetched when one of their pages opens.
import './pages/index/index';
import './pages/rate/index';
import './pages/thanks/index';
import './pages/mine/index';
