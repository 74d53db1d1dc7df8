// Styles of the extension's views: the widgets' own (pw- prefixed) and the static extras.
import "../styles.css";
import "./shared.css";
