// The devtools page only registers the panel; the panel page does the work.
chrome.devtools.panels.create('CORS', '/icons/icon-32.png', '/extension/devtools/panel.html');
