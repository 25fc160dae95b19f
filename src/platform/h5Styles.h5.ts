/** h5: the styles of Taro's web components (tab bar, switch, dialog) that weapp has no use for (src/styles/h5.css). */
import '../styles/h5.css';
