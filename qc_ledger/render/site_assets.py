"""The dashboard's own style and script, inlined into the page (and hashed for its CSP)."""

from __future__ import annotations

STATUS_COLOURS = {
    "done": "#3a8a3a",
    "in_progress": "#2f6fbf",
    "delayed": "#d4a000",
    "not_started": "#b0b0b0",
    "cancelled": "#e0e0e0",
}
LIGHT_COLOURS = ("red", "yellow", "blue", "green")

# The latest progress entries of each measure on paper, and on the page: a province's long
# histories (50–100 entries a measure) would make a page of a gigabyte, which no browser opens;
# the page says how many earlier ones there are and how to see them (`ledger show`).
PRINTED_ENTRIES = 3
PAGE_ENTRIES = 20

STYLE = """
:root{--red:#c00000;--yellow:#b38600;--blue:#2f6fbf;--green:#3a8a3a;--line:#d0d0d0}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:12px;color:#222;line-height:1.5;
font-family:-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;border-bottom:2px solid #1f4e78;
padding-bottom:.2rem;margin-top:1.6rem}h3{font-size:1rem;margin:.3rem 0}
h3 small{font-weight:normal;color:#555;margin-left:.5rem}
.provenance{color:#444;font-size:.85rem;margin:.2rem 0}
.as-of{background:#fff3cd;border:1px solid #d4a000;padding:.4rem .6rem;font-weight:bold}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:.8rem 0}
.card{flex:1 1 140px;border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem}
.card .label{color:#555;font-size:.85rem}.card .value{font-size:1.6rem;font-weight:bold}
.card .sub{color:#666;font-size:.8rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px}
.group{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;break-inside:avoid}
.group p{margin:.25rem 0;font-size:.9rem}
svg.bar{width:100%;height:14px;display:block;background:#f2f2f2}
svg.pace{width:100%;height:8px;display:block}
.dot{display:inline-block;padding:0 .35rem;border-radius:3px;color:#fff;font-size:.8rem;
white-space:nowrap}
.dot.red{background:var(--red)}.dot.yellow{background:var(--yellow)}.dot.blue{background:var(--blue)}
.dot.green{background:var(--green)}.dot.none{background:#999}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border:1px solid var(--line);padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#1f4e78;color:#fff;white-space:nowrap}td.num,td.nw{white-space:nowrap}td.num{text-align:right}
thead{display:table-header-group}tr{break-inside:avoid}
#filters{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid var(--line);
display:flex;flex-wrap:wrap;gap:8px;align-items:center;z-index:1}
#filters label{font-size:.9rem}#filters select{margin-left:.3rem;max-width:12rem}
#f-count{color:#555;font-size:.85rem}
.chart svg{width:100%;height:auto;break-inside:avoid}.chart{break-inside:avoid}
.chart text{font-size:9px;fill:#444}.chart text.note{font-size:7px;fill:#777}
.measure{border-top:1px solid var(--line);padding:.4rem 0;break-inside:avoid;
content-visibility:auto;contain-intrinsic-size:auto 180px}
#measures .scroll{content-visibility:auto;contain-intrinsic-size:auto 2000px}
.measure dl{display:grid;grid-template-columns:6em 1fr;margin:.2rem 0;font-size:.9rem}
.measure dt{color:#555}.measure dd{margin:0}.measure ul{margin:.2rem 0 .2rem 1.2rem;font-size:.88rem}
.measure li.earlier{color:#555;list-style:none}
.empty{color:#555}
[hidden]{display:none!important}
.print-footer{display:none}
.chart text.axis{font-size:8px;fill:#666}.full-name{color:#333;font-size:.85rem}
td.id,td.date{white-space:nowrap}td.text{min-width:14em}.print-only{display:none}
@media (max-width:600px){body{padding:6px}.card .value{font-size:1.3rem}
.measure dl{grid-template-columns:5em 1fr}
.cards-on-phone thead{display:none}.cards-on-phone .scroll{overflow:visible}
.cards-on-phone table,.cards-on-phone tbody,.cards-on-phone tr,.cards-on-phone td{display:block}
.cards-on-phone tr{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;padding:.3rem .5rem}
.cards-on-phone td{border:0;padding:.1rem 0;white-space:normal;min-width:0;text-align:left}
.cards-on-phone td::before{content:attr(data-label);display:inline-block;width:5em;color:#555}
.cards-on-phone td.text::before{display:none}.cards-on-phone td.text{font-weight:bold}}
@page{size:A4;margin:14mm 12mm 18mm 12mm;
@bottom-right{content:"第 " counter(page) " 页，共 " counter(pages) " 页";font-size:8pt;color:#555}}
@media print{.no-print{display:none!important}body{max-width:none;padding:0;font-size:10pt}
.print-footer{display:block;position:fixed;bottom:0;left:0;right:0;font-size:7.5pt;color:#444;
border-top:1px solid #999;background:#fff}
a{color:inherit;text-decoration:none}#filters{position:static}
.scroll{overflow:visible}table{font-size:9pt}th{white-space:normal}h2,h3{break-after:avoid}
.grid{grid-template-columns:repeat(2,1fr)}.print-only{display:block;color:#555}
.measure,#measures .scroll{content-visibility:visible}
td.unit{min-width:8em}td.text{min-width:0}
.measure{padding:.2rem 0}.measure h3{font-size:10pt}
.measure dl{display:block;font-size:8.5pt;margin:.1rem 0}.measure dt,.measure dd{display:inline}
.measure dt::after{content:"："}.measure dd::after{content:"　"}
.measure ul{font-size:8.5pt;margin:.1rem 0 .1rem 1.2rem}
.measure li:nth-last-child(n+PRINTED_MORE){display:none}}
""".strip().replace("PRINTED_MORE", str(PRINTED_ENTRIES + 1))

# Filters by group, unit, status, warning and source, kept in the URL's fragment so a link can be shared
# (a fragment works from file:// as well as from a server, and never reaches a server).
SCRIPT = """
(function(){
var keys=["group","unit","status","light","kind"];
function read(){var out={};location.hash.replace(/^#/,"").split("&").forEach(function(p){
var kv=p.split("=");if(kv.length==2&&keys.indexOf(kv[0])>=0){out[kv[0]]=decodeURIComponent(kv[1]);}});
return out;}
var filtered=false;
function apply(){var f={};keys.forEach(function(k){f[k]=document.getElementById("f-"+k).value;});
var any=keys.some(function(k){return f[k];});
var total=document.querySelectorAll("article.measure").length;
if(!any&&!filtered){document.getElementById("f-count").textContent="显示 "+total+" / "+total+" 项措施";return;}
filtered=any;var shown=0;total=0;
document.querySelectorAll("[data-status]").forEach(function(el){
var ok=(!f.group||el.dataset.group==f.group)&&(!f.status||el.dataset.status==f.status)&&
(!f.light||el.dataset.light==f.light)&&(!f.kind||el.dataset.kind==f.kind)&&(!f.unit||el.dataset.units.split("|").indexOf(f.unit)>=0);
el.hidden=!ok;if(el.tagName=="ARTICLE"){total++;if(ok){shown++;}}});
document.querySelectorAll(".group[data-group]").forEach(function(el){
el.hidden=!!f.group&&el.dataset.group!=f.group;});
document.querySelectorAll("tr[data-unit]").forEach(function(el){
el.hidden=!!f.unit&&el.dataset.unit!=f.unit;});
document.getElementById("f-count").textContent="显示 "+shown+" / "+total+" 项措施";
var hash=keys.filter(function(k){return f[k];}).map(function(k){
return k+"="+encodeURIComponent(f[k]);}).join("&");
if(hash!=location.hash.replace(/^#/,"")&&(hash||location.hash.length>1)){
location.replace("#"+hash);}}
function load(){var f=read();keys.forEach(function(k){var s=document.getElementById("f-"+k);
s.value=f[k]||"";if(s.value!=(f[k]||"")){s.value="";}});apply();}
keys.forEach(function(k){document.getElementById("f-"+k).addEventListener("change",apply);});
document.getElementById("f-clear").addEventListener("click",function(){
keys.forEach(function(k){document.getElementById("f-"+k).value="";});apply();});
window.addEventListener("hashchange",function(){if(!/^#m-/.test(location.hash)){load();}});
if(/^#m-/.test(location.hash)){apply();}else{load();}
})();
""".strip()
