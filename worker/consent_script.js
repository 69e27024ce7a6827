// The consent script (README, "Consent"). On the page of a landing whose consent was undecided,
// edgepost adds <script data-edgepost-consent="<token>">CONSENT_SCRIPT</script>. It waits for the
// consent platform to report an answer (the IAB TCF API's event, OneTrust's OneTrustGroupsUpdated,
// Cookiebot's CookiebotOnAccept, or the merchant's own "edgepost:consent" event for CONSENT=cookie)
// and posts the token to the consent route, which stores the click only if the consent cookie
// grants it then. No dependency, no global, every step guarded: it never breaks a page. Its text is
// constant (the token is in the attribute), so a Content-Security-Policy can allow it by hash.
export const CONSENT_SCRIPT =
  '(function(){try{var s=document.currentScript,t=s&&s.getAttribute("data-edgepost-consent");if(!t)return;' +
  'var send=function(){try{fetch("/_edgepost/consent",{method:"POST",credentials:"same-origin",keepalive:true,' +
  'headers:{"content-type":"application/x-www-form-urlencoded"},body:"token="+encodeURIComponent(t)})' +
  '.catch(function(){})}catch(e){}};' +
  'if(typeof window.__tcfapi==="function")window.__tcfapi("addEventListener",2,function(d,ok){' +
  'if(ok&&d&&(d.eventStatus==="useractioncomplete"||d.eventStatus==="tcloaded"))send()});' +
  'window.addEventListener("OneTrustGroupsUpdated",send);window.addEventListener("CookiebotOnAccept",send);' +
  'window.addEventListener("edgepost:consent",send)}catch(e){}})();';

// The script element for a page, with the nonce of the page's own Content-Security-Policy when it
// has one (so a nonce-based policy lets it run).
export function consentScriptElement(token, contentSecurityPolicy) {
  const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(contentSecurityPolicy ?? "")?.[1];
  return `<script data-edgepost-consent="${token}"${nonce ? ` nonce="${nonce}"` : ""}>${CONSENT_SCRIPT}</script>`;
}
