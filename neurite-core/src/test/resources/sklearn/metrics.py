"""Reference numbers for the classification metrics and the classification report.

Writes metrics.json from scikit-learn (the independent reference): a binary case (60 scores with
ties, labels correlated with them) and a 4-class case (80 softmax rows). Scores are float32
values (stored as the float64 they equal), so Java reads exactly what sklearn saw.

Also a numpy transcription of Keras' thresholded AUC (keras/src/metrics/confusion_metrics.py,
AUC.result and AUC.interpolate_pr_auc; num_thresholds=200, bucket = ceil(p * 199) - 1 in float32)
as a second reference for the approximation itself; sklearn's exact areas bound it.
Run: /usr/bin/python3 metrics.py   (scikit-learn 1.2, numpy 1.24)
"""
import json, os
import numpy as np
import sklearn
from sklearn import metrics as M

rng = np.random.default_rng(20261207)

def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)

# ---------------------------------------------------------------- binary
n = 60
yb = (rng.random(n) < 0.4).astype(np.int64)
sb = f32(np.clip(np.round(0.35 * yb + 0.65 * rng.random(n), 2), 0, 1))  # rounded: ties
predb = (sb > 0.5).astype(np.int64)

def keras_auc(y, p, curve, T=200):
    p32 = np.asarray(p, dtype=np.float32)
    bucket = np.maximum(np.ceil(p32 * np.float32(T - 1)).astype(np.int64) - 1, 0)
    pos_h = np.bincount(bucket[y == 1], minlength=T).astype(np.float64)
    neg_h = np.bincount(bucket[y == 0], minlength=T).astype(np.float64)
    tp = np.cumsum(pos_h[::-1])[::-1]
    fp = np.cumsum(neg_h[::-1])[::-1]
    P, N = tp[0], fp[0]
    fn, tn = P - tp, N - fp
    dnn = lambda a, b: np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))
    if curve == "ROC":
        rec = dnn(tp, tp + fn); fpr = dnn(fp, fp + tn)
        return float(np.sum((fpr[:-1] - fpr[1:]) * (rec[:-1] + rec[1:]) / 2))
    dtp = tp[:-1] - tp[1:]
    pp = tp + fp
    dp = pp[:-1] - pp[1:]
    slope = dnn(dtp, np.maximum(dp, 0))
    intercept = tp[1:] - slope * pp[1:]
    ratio = np.where((pp[:-1] > 0) & (pp[1:] > 0), dnn(pp[:-1], np.maximum(pp[1:], 0)), 1.0)
    return float(np.sum(dnn(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))))

binary = {
    "labels": yb.tolist(), "scores": sb.tolist(),
    "precision": M.precision_score(yb, predb), "recall": M.recall_score(yb, predb), "f1": M.f1_score(yb, predb),
    "roc_auc": M.roc_auc_score(yb, sb), "average_precision": M.average_precision_score(yb, sb),
    "keras_roc_auc": keras_auc(yb, sb, "ROC"), "keras_pr_auc": keras_auc(yb, sb, "PR"),
    "confusion_matrix": M.confusion_matrix(yb, predb).tolist(),
    "report": M.classification_report(yb, predb, target_names=["benign", "malignant"], digits=2, zero_division=0),
}

# ---------------------------------------------------------------- 4 classes
n, C = 80, 4
logits = rng.normal(size=(n, C))
yc = rng.choice(C, size=n, p=[0.4, 0.3, 0.2, 0.1])
logits[np.arange(n), yc] += 1.2                              # informative but imperfect
pc = f32(np.exp(logits) / np.exp(logits).sum(1, keepdims=True))
argmax = pc.argmax(1)
onehot = np.eye(C, dtype=np.int64)[yc]
labels = list(range(C))
names = ["cat", "dog", "bird", "sea horse"]
per = M.precision_recall_fscore_support(yc, argmax, labels=labels, zero_division=0)
thresholded = (pc > 0.5).astype(np.int64)
multiclass = {
    "labels": yc.tolist(), "probabilities": pc.tolist(),
    "confusion_matrix": M.confusion_matrix(yc, argmax, labels=labels).tolist(),
    "precision": per[0].tolist(), "recall": per[1].tolist(), "f1": per[2].tolist(), "support": per[3].tolist(),
    "accuracy": M.accuracy_score(yc, argmax),
    "f1_macro": M.f1_score(yc, argmax, labels=labels, average="macro", zero_division=0),
    "f1_micro": M.f1_score(yc, argmax, labels=labels, average="micro", zero_division=0),
    "f1_weighted": M.f1_score(yc, argmax, labels=labels, average="weighted", zero_division=0),
    # F1Score(threshold=0.3): every entry above 0.3 is a prediction (multi-label)
    "f1_threshold_0.3_macro": M.f1_score(onehot, (pc > 0.3).astype(np.int64), average="macro", zero_division=0),
    "f1_threshold_0.3_micro": M.f1_score(onehot, (pc > 0.3).astype(np.int64), average="micro", zero_division=0),
    # Keras Precision()/Recall() on softmax rows: every entry is one decision at 0.5
    "precision_entries_0.5": M.precision_score(onehot.ravel(), thresholded.ravel(), zero_division=0),
    "recall_entries_0.5": M.recall_score(onehot.ravel(), thresholded.ravel(), zero_division=0),
    # class_id=2: column 2 alone, at 0.5 and by argmax (top_k=1)
    "precision_class2_0.5": M.precision_score(onehot[:, 2], thresholded[:, 2], zero_division=0),
    "recall_class2_0.5": M.recall_score(onehot[:, 2], thresholded[:, 2], zero_division=0),
    "precision_class2_argmax": M.precision_score(yc == 2, argmax == 2, zero_division=0),
    "recall_class2_argmax": M.recall_score(yc == 2, argmax == 2, zero_division=0),
    "top2_accuracy": M.top_k_accuracy_score(yc, pc, k=2, labels=labels),
    "top3_accuracy": M.top_k_accuracy_score(yc, pc, k=3, labels=labels),
    "mean_iou": M.jaccard_score(yc, argmax, average="macro"),
    "iou": M.jaccard_score(yc, argmax, average=None, labels=labels).tolist(),
    "roc_auc_flattened": M.roc_auc_score(onehot.ravel(), pc.ravel()),
    "roc_auc_per_label_mean": M.roc_auc_score(onehot, pc, average="macro"),
    "keras_roc_auc_flattened": keras_auc(onehot.ravel(), pc.ravel(), "ROC"),
    "keras_roc_auc_per_label_mean": float(np.mean([keras_auc(onehot[:, c], pc[:, c], "ROC") for c in labels])),
    "keras_pr_auc_flattened": keras_auc(onehot.ravel(), pc.ravel(), "PR"),
    "average_precision_flattened": M.average_precision_score(onehot.ravel(), pc.ravel()),
    "report_names": names,
    "report": M.classification_report(yc, argmax, labels=labels, target_names=names, digits=2, zero_division=0),
    "report_digits4": M.classification_report(yc, argmax, labels=labels, digits=4, zero_division=0),
}

out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "binary": binary, "multiclass": multiclass}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics.json"), "w") as f:
    json.dump(out, f, indent=1)
print(binary["report"]); print(multiclass["report"]); print(multiclass["report_digits4"])
print({k: v for k, v in binary.items() if k not in ("labels", "scores", "report")})
print({k: v for k, v in multiclass.items() if not isinstance(v, (list, str))})
