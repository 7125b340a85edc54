<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ClassNames</name>
    <message>
        <source>Atelectasis</source>
        <translation>Atelektase</translation>
    </message>
    <message>
        <source>Cardiomegaly</source>
        <translation>Kardiomegalie</translation>
    </message>
    <message>
        <source>Effusion</source>
        <translation>Erguss</translation>
    </message>
    <message>
        <source>Infiltration</source>
        <translation>Infiltrat</translation>
    </message>
    <message>
        <source>Mass</source>
        <translation>Raumforderung</translation>
    </message>
    <message>
        <source>Nodule</source>
        <translation>Rundherd</translation>
    </message>
    <message>
        <source>Pneumonia</source>
        <translation>Pneumonie</translation>
    </message>
    <message>
        <source>Pneumothorax</source>
        <translation>Pneumothorax</translation>
    </message>
    <message>
        <source>Consolidation</source>
        <translation>Konsolidierung</translation>
    </message>
    <message>
        <source>Edema</source>
        <translation>Ödem</translation>
    </message>
    <message>
        <source>Emphysema</source>
        <translation>Emphysem</translation>
    </message>
    <message>
        <source>Fibrosis</source>
        <translation>Fibrose</translation>
    </message>
    <message>
        <source>Pleural_Thickening</source>
        <translation>Pleuraverdickung</translation>
    </message>
    <message>
        <source>Hernia</source>
        <translation>Hernie</translation>
    </message>
    <message>
        <source>No Finding</source>
        <translation>Ohne Befund</translation>
    </message>
    <message>
        <source>nodule</source>
        <translation>Rundherd</translation>
    </message>
    <message>
        <source>mass</source>
        <translation>Raumforderung</translation>
    </message>
    <message>
        <source>consolidation</source>
        <translation>Konsolidierung</translation>
    </message>
    <message>
        <source>lesion</source>
        <translation>Läsion</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Radiology viewer</source>
        <translation>Radiologie-Betrachter</translation>
    </message>
    <message>
        <source>DICOM files, folders or DICOMDIR</source>
        <translation>DICOM-Dateien, Ordner oder DICOMDIR</translation>
    </message>
    <message>
        <source>Layout: 1x1, mpr or 2x2</source>
        <translation>Layout: 1x1, mpr oder 2x2</translation>
    </message>
    <message>
        <source>Series to show</source>
        <translation>Anzuzeigende Serie</translation>
    </message>
    <message>
        <source>Window centre and width</source>
        <translation>Fensterzentrum und -breite</translation>
    </message>
    <message>
        <source>Slice to show (0-based)</source>
        <translation>Anzuzeigende Schicht (ab 0 gezählt)</translation>
    </message>
    <message>
        <source>Interface language: en, ru or de</source>
        <translation>Sprache der Oberfläche: en, ru oder de</translation>
    </message>
    <message>
        <source>Write a screenshot once everything has loaded</source>
        <translation>Bildschirmfoto speichern, sobald alles geladen ist</translation>
    </message>
    <message>
        <source>Exit after the screenshot</source>
        <translation>Nach dem Bildschirmfoto beenden</translation>
    </message>
    <message>
        <source>Model bundle to run on the series shown (repeatable)</source>
        <translation>Modellpaket für die angezeigte Serie (mehrfach möglich)</translation>
    </message>
    <message>
        <source>Start annotating the series shown once it has loaded</source>
        <translation>Die Annotation der gezeigten Serie nach dem Laden beginnen</translation>
    </message>
    <message>
        <source>Train a model from a radlens-cli train config in the background, then run it on the series shown (repeatable)</source>
        <translation>Ein Modell nach einer radlens-cli-train-Konfiguration im Hintergrund trainieren und dann auf die angezeigte Serie anwenden (wiederholbar)</translation>
    </message>
</context>
<context>
    <name>radlens::ui::AnnotationCommands</name>
    <message>
        <source>Import Mask</source>
        <translation>Maske importieren</translation>
    </message>
    <message>
        <source>Masks (*.nii *.nii.gz *.nrrd *.dcm *.json);;All files (*)</source>
        <translation>Masken (*.nii *.nii.gz *.nrrd *.dcm *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Mask</source>
        <translation>Maske exportieren</translation>
    </message>
    <message>
        <source>NIfTI (*.nii.gz);;DICOM SEG (*.dcm);;COCO JSON (*.json)</source>
        <translation>NIfTI (*.nii.gz);;DICOM SEG (*.dcm);;COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>Import Image Labels</source>
        <translation>Bildlabels importieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export Image Labels</source>
        <translation>Bildlabels exportieren</translation>
    </message>
    <message>
        <source>Open a series to annotate first.</source>
        <translation>Öffnen Sie zuerst eine Serie zum Annotieren.</translation>
    </message>
    <message>
        <source>Cannot annotate: %1</source>
        <translation>Annotation nicht möglich: %1</translation>
    </message>
    <message>
        <source>Start annotating a series first (Ctrl+E).</source>
        <translation>Beginnen Sie zuerst die Annotation einer Serie (Ctrl+E).</translation>
    </message>
    <message>
        <source>Cannot import the mask: %1</source>
        <translation>Maske kann nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>Imported %1 (Ctrl+Z undoes it).</source>
        <translation>%1 importiert (Ctrl+Z macht es rückgängig).</translation>
    </message>
    <message numerus="yes">
        <source>Exported; %n hole(s) left out (COCO polygons cannot carry holes).</source>
        <translation>
            <numerusform>Exportiert; %n Loch ausgelassen (COCO-Polygone können keine Löcher tragen).</numerusform>
            <numerusform>Exportiert; %n Löcher ausgelassen (COCO-Polygone können keine Löcher tragen).</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>%1 exportiert.</translation>
    </message>
    <message>
        <source>Cannot export the mask: %1</source>
        <translation>Maske kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Cannot import the labels: %1</source>
        <translation>Labels können nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>Image labels from %1: %2</source>
        <translation>Bildlabels aus %1: %2</translation>
    </message>
    <message>
        <source>no finding</source>
        <translation>kein Befund</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Export nicht möglich: %1</translation>
    </message>
    <message>
        <source>Export Annotated Dataset To</source>
        <translation>Annotierten Datensatz exportieren nach</translation>
    </message>
    <message>
        <source>Exporting the annotated dataset...</source>
        <translation>Der annotierte Datensatz wird exportiert...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Exporting the dataset</source>
        <translation>Datensatz wird exportiert</translation>
    </message>
    <message>
        <source>Cannot export the dataset: %1</source>
        <translation>Datensatz kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Dataset export cancelled.</source>
        <translation>Datensatz-Export abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n annotated series to %1.</source>
        <translation>
            <numerusform>%n annotierte Serie nach %1 exportiert.</numerusform>
            <numerusform>%n annotierte Serien nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series skipped (see README.md there).</source>
        <translation>
            <numerusform>%n Serie übersprungen (siehe README.md dort).</numerusform>
            <numerusform>%n Serien übersprungen (siehe README.md dort).</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the annotation</source>
        <translation>Annotation wird gelesen</translation>
    </message>
    <message>
        <source>Export Annotated Dataset</source>
        <translation>Annotierten Datensatz exportieren</translation>
    </message>
    <message>
        <source>Export the annotated series to %1?</source>
        <translation>Die annotierten Serien nach %1 exportieren?</translation>
    </message>
    <message>
        <source>&amp;De-identify: replace series UIDs and patient IDs (DICOM PS3.15 Basic profile)</source>
        <translation>&amp;Anonymisieren: Serien-UIDs und Patienten-IDs ersetzen (DICOM PS3.15 Basisprofil)</translation>
    </message>
</context>
<context>
    <name>radlens::ui::AnnotationEditor</name>
    <message>
        <source>Lesion</source>
        <translation>Läsion</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leerer Maske</translation>
    </message>
    <message>
        <source>version %1 (%2)</source>
        <translation>Version %1 (%2)</translation>
    </message>
    <message>
        <source>Version %1 could not be loaded: %2</source>
        <translation>Version %1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>the AI&apos;s mask</source>
        <translation>der KI-Maske</translation>
    </message>
    <message>
        <source>Annotating; started from %1.</source>
        <translation>Annotation; begonnen mit %1.</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>Pinselstrich</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>Füllen</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>Radieren</translation>
    </message>
    <message>
        <source>Threshold paint</source>
        <translation>Schwellwert-Pinsel</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>Fill between slices</source>
        <translation>Zwischen Schichten füllen</translation>
    </message>
    <message numerus="yes">
        <source>Filled %n voxel(s) between the key slices.</source>
        <translation>
            <numerusform>%n Voxel zwischen den Schlüsselschichten gefüllt.</numerusform>
            <numerusform>%n Voxel zwischen den Schlüsselschichten gefüllt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to fill: draw the label on two slices with empty slices between.</source>
        <translation>Nichts zu füllen: Zeichnen Sie das Label auf zwei Schichten mit leeren Schichten dazwischen.</translation>
    </message>
    <message>
        <source>Start from the AI mask</source>
        <translation>Mit der KI-Maske beginnen</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Alles löschen</translation>
    </message>
    <message>
        <source>Load version %1 of %2</source>
        <translation>Version %1 von %2 laden</translation>
    </message>
    <message>
        <source>start annotating a series first</source>
        <translation>zuerst die Annotation einer Serie beginnen</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>Import %1</translation>
    </message>
    <message>
        <source>no row of %1 names this series</source>
        <translation>keine Zeile von %1 nennt diese Serie</translation>
    </message>
    <message>
        <source>No interactive model: train one with &quot;task&quot;: &quot;interactive&quot; and activate it in the model manager, or open the viewer with --model BUNDLE.</source>
        <translation>Kein interaktives Modell: Trainieren Sie eines mit &quot;task&quot;: &quot;interactive&quot; und aktivieren Sie es in der Modellverwaltung, oder öffnen Sie den Viewer mit --model BUNDLE.</translation>
    </message>
    <message>
        <source>Cannot use the interactive model: %1</source>
        <translation>Das interaktive Modell ist nicht nutzbar: %1</translation>
    </message>
    <message>
        <source>AI click failed: %1</source>
        <translation>KI-Klick fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>AI click</source>
        <translation>KI-Klick</translation>
    </message>
    <message>
        <source>AI click (negative)</source>
        <translation>KI-Klick (negativ)</translation>
    </message>
    <message>
        <source>AI click %1: %2 ms</source>
        <translation>KI-Klick %1: %2 ms</translation>
    </message>
    <message>
        <source>Propagation failed: %1</source>
        <translation>Fortsetzen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Propagate</source>
        <translation>Fortsetzen</translation>
    </message>
    <message numerus="yes">
        <source>Propagated to %n slice(s).</source>
        <translation>
            <numerusform>Auf %n Schicht fortgesetzt.</numerusform>
            <numerusform>Auf %n Schichten fortgesetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to propagate: mark the object on this slice first (AI click or brush), then propagate.</source>
        <translation>Nichts fortzusetzen: Markieren Sie das Objekt zuerst auf dieser Schicht (KI-Klick oder Pinsel), dann fortsetzen.</translation>
    </message>
</context>
<context>
    <name>radlens::ui::AnnotationPanel</name>
    <message>
        <source>Start Annotating</source>
        <translation>Annotation beginnen</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Not annotating. Open a series and press Ctrl+E.</source>
        <translation>Keine Annotation. Öffnen Sie eine Serie und drücken Sie Ctrl+E.</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Navigate</source>
        <translation>Navigieren</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Left click moves the crosshair; no editing</source>
        <translation>Linksklick bewegt das Fadenkreuz; keine Bearbeitung</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Paint the active label; [ and ] change the size</source>
        <translation>Mit dem aktiven Label malen; [ und ] ändern die Größe</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>Erase the active label</source>
        <translation>Das aktive Label radieren</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellwert</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Brush that paints only values in the range below</source>
        <translation>Pinsel, der nur Werte im Bereich unten malt</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Click points, then double-click or Return; drag for a lasso; Escape drops it</source>
        <translation>Punkte klicken, dann Doppelklick oder Eingabe; Ziehen für ein Lasso; Escape verwirft</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>Füllen</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>Fill the connected region under the click on this slice</source>
        <translation>Die zusammenhängende Region unter dem Klick auf dieser Schicht füllen</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>3D sphere</source>
        <translation>3D-Kugel</translation>
    </message>
    <message>
        <source>Brush radius:</source>
        <translation>Pinselradius:</translation>
    </message>
    <message>
        <source>Threshold paint, and flood fill when ticked below: only values in this range (HU for CT)</source>
        <translation>Schwellwert-Pinsel und, falls unten angekreuzt, Füllen: nur Werte in diesem Bereich (HU bei CT)</translation>
    </message>
    <message>
        <source>Value range:</source>
        <translation>Wertebereich:</translation>
    </message>
    <message>
        <source>Flood fill only within the range</source>
        <translation>Nur innerhalb des Bereichs füllen</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Kleinerer Pinsel</translation>
    </message>
    <message>
        <source>[</source>
        <translation>[</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>Größerer Pinsel</translation>
    </message>
    <message>
        <source>]</source>
        <translation>]</translation>
    </message>
    <message>
        <source>Labels (1-9 to choose; tick to show)</source>
        <translation>Labels (1–9 wählen; Häkchen zeigt an)</translation>
    </message>
    <message>
        <source>Add Label...</source>
        <translation>Label hinzufügen...</translation>
    </message>
    <message>
        <source>Add Label</source>
        <translation>Label hinzufügen</translation>
    </message>
    <message>
        <source>Name of the new label:</source>
        <translation>Name des neuen Labels:</translation>
    </message>
    <message>
        <source>A label map holds at most 255 labels.</source>
        <translation>Eine Labelkarte fasst höchstens 255 Labels.</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>Label %1</translation>
    </message>
    <message>
        <source>Whole series</source>
        <translation>Ganze Serie</translation>
    </message>
    <message>
        <source>Fill Between Slices</source>
        <translation>Zwischen Schichten füllen</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Start from AI Mask</source>
        <translation>Mit KI-Maske beginnen</translation>
    </message>
    <message>
        <source>Clear All</source>
        <translation>Alles löschen</translation>
    </message>
    <message>
        <source>Image labels</source>
        <translation>Bildlabels</translation>
    </message>
    <message>
        <source>Saved versions</source>
        <translation>Gespeicherte Versionen</translation>
    </message>
    <message>
        <source>Save Draft</source>
        <translation>Entwurf speichern</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save as Final</source>
        <translation>Als endgültig speichern</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Double-click a version to load it (undoable)</source>
        <translation>Doppelklick lädt eine Version (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Load Version</source>
        <translation>Version laden</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Import Mask...</source>
        <translation>Maske importieren...</translation>
    </message>
    <message>
        <source>Export Mask...</source>
        <translation>Maske exportieren...</translation>
    </message>
    <message>
        <source>Export Image Labels (CSV)...</source>
        <translation>Bildlabels exportieren (CSV)...</translation>
    </message>
    <message>
        <source>Export Annotated Dataset...</source>
        <translation>Annotierten Datensatz exportieren...</translation>
    </message>
    <message>
        <source>Saved version %1 (%2%3) at %4.</source>
        <translation>Version %1 gespeichert (%2%3) um %4.</translation>
    </message>
    <message>
        <source>final</source>
        <translation>endgültig</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>, autosave</source>
        <translation>, automatisch</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Unsaved changes (autosave follows).</source>
        <translation>Ungespeicherte Änderungen (automatisches Speichern folgt).</translation>
    </message>
    <message>
        <source>Stop Annotating</source>
        <translation>Annotation beenden</translation>
    </message>
    <message>
        <source>%1 v%2, %3%4, %5</source>
        <translation>%1 v%2, %3%4, %5</translation>
    </message>
    <message>
        <source> (autosave)</source>
        <translation> (automatisch)</translation>
    </message>
    <message>
        <source>Import Image Labels (CSV)...</source>
        <translation>Bildlabels importieren (CSV)...</translation>
    </message>
    <message>
        <source>AI click</source>
        <translation>KI-Klick</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Click inside an object to segment it with the interactive model; right click or Shift+click outside to shrink it. Each click can be undone</source>
        <translation>Klicken Sie in ein Objekt, um es mit dem interaktiven Modell zu segmentieren; Rechtsklick oder Umschalt+Klick außerhalb verkleinert es. Jeder Klick lässt sich rückgängig machen</translation>
    </message>
    <message>
        <source>AI click model:</source>
        <translation>KI-Klick-Modell:</translation>
    </message>
    <message>
        <source>AI click may paint over other labels</source>
        <translation>KI-Klick darf andere Labels übermalen</translation>
    </message>
    <message>
        <source>Propagate</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Shift+K</source>
        <translation>Shift+K</translation>
    </message>
    <message>
        <source>Propagate (Shift+K): carry the active label&apos;s object on this slice through the neighbouring slices with the interactive model, until it ends</source>
        <translation>Fortsetzen (Umschalt+K): das Objekt des aktiven Labels auf dieser Schicht mit dem interaktiven Modell durch die Nachbarschichten führen, bis es endet</translation>
    </message>
    <message>
        <source>Propagating through the slices...</source>
        <translation>Fortsetzen durch die Schichten...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>none (train or activate an interactive model)</source>
        <translation>keines (ein interaktives Modell trainieren oder aktivieren)</translation>
    </message>
    <message>
        <source>unusable: %1</source>
        <translation>nicht nutzbar: %1</translation>
    </message>
</context>
<context>
    <name>radlens::ui::BackgroundTraining</name>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: nicht lesbar: %2</translation>
    </message>
    <message>
        <source>%1: not a training config: %2</source>
        <translation>%1: keine Trainingskonfiguration: %2</translation>
    </message>
    <message>
        <source>less than a minute left</source>
        <translation>weniger als eine Minute übrig</translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n Min.</numerusform>
            <numerusform>noch etwa %n Min.</numerusform>
        </translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation>Training von %1</translation>
    </message>
    <message>
        <source>Training %1 (%2 of %3)</source>
        <translation>Training von %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>resuming</source>
        <translation>wird fortgesetzt</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>wird gestartet</translation>
    </message>
    <message>
        <source>epoch %1 of %2</source>
        <translation>Epoche %1 von %2</translation>
    </message>
    <message>
        <source>epoch %1 of %2, %3</source>
        <translation>Epoche %1 von %2, %3</translation>
    </message>
</context>
<context>
    <name>radlens::ui::FindingsPanel</name>
    <message>
        <source>demo model - synthetic data - not for clinical use</source>
        <translation>Demomodell – synthetische Daten – nicht für den klinischen Einsatz</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Findings per image</source>
        <translation>Befunde pro Bild</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Deckkraft der Heatmap</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>&amp;Heatmap:</source>
        <translation>&amp;Heatmap:</translation>
    </message>
    <message>
        <source>&amp;Opacity:</source>
        <translation>&amp;Deckkraft:</translation>
    </message>
    <message>
        <source>Lesions</source>
        <translation>Läsionen</translation>
    </message>
    <message>
        <source>&amp;Outline only</source>
        <translation>Nur &amp;Umriss</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Volume (mL)</source>
        <translation>Volumen (ml)</translation>
    </message>
    <message>
        <source>Diameter (mm)</source>
        <translation>Durchmesser (mm)</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Click a lesion to show it</source>
        <translation>Klicken Sie auf eine Läsion, um sie anzuzeigen</translation>
    </message>
    <message>
        <source>O&amp;pacity:</source>
        <translation>Dec&amp;kkraft:</translation>
    </message>
    <message>
        <source>Open a series to see the models&apos; findings.</source>
        <translation>Öffnen Sie eine Serie, um die Befunde der Modelle zu sehen.</translation>
    </message>
    <message>
        <source>Computing: %1</source>
        <translation>Berechne: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2, version %3</source>
        <translation>%1: %2, Version %3</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Klassifikator</translation>
    </message>
    <message>
        <source>Segmenter</source>
        <translation>Segmentierer</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message numerus="yes">
        <source>Findings per image: %n flagged</source>
        <translation>
            <numerusform>Befunde pro Bild: %n markiert</numerusform>
            <numerusform>Befunde pro Bild: %n markiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Findings per image: none flagged</source>
        <translation>Befunde pro Bild: keiner markiert</translation>
    </message>
    <message numerus="yes">
        <source>Lesions: %n found</source>
        <translation>
            <numerusform>Läsionen: %n gefunden</numerusform>
            <numerusform>Läsionen: %n gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Your review</source>
        <translation>Ihre Beurteilung</translation>
    </message>
    <message>
        <source>Acce&amp;pt</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>Lesion %1</source>
        <translation>Läsion %1</translation>
    </message>
    <message>
        <source>%1: %2 by %3, %4</source>
        <translation>%1: %2 von %3, %4</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>%1 (score %2, cut-off %3)</source>
        <translation>%1 (Wert %2, Schwelle %3)</translation>
    </message>
    <message>
        <source>Outside what this model was trained on: %1. Its findings may not hold.</source>
        <translation>Außerhalb dessen, worauf dieses Modell trainiert wurde: %1. Seine Befunde gelten womöglich nicht.</translation>
    </message>
</context>
<context>
    <name>radlens::ui::MainWindow</name>
    <message>
        <source>Radlens</source>
        <translation>Radlens</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>&amp;Ordner öffnen...</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Open F&amp;iles...</source>
        <translation>&amp;Dateien öffnen...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>1x1</source>
        <translation>1x1</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>2x2</source>
        <translation>2x2</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>&amp;AI</source>
        <translation>&amp;KI</translation>
    </message>
    <message>
        <source>&amp;Train a Model...</source>
        <translation>Modell &amp;trainieren...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Slice (wheel, Up/Down, PageUp/PageDown)</source>
        <translation>Schicht (Mausrad, Auf/Ab, Bild auf/Bild ab)</translation>
    </message>
    <message>
        <source>Open a DICOM file or folder (File &gt; Open)</source>
        <translation>Öffnen Sie eine DICOM-Datei oder einen Ordner (Datei &gt; Öffnen)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Open a folder</source>
        <translation>Einen Ordner öffnen</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>Dateien öffnen</translation>
    </message>
    <message>
        <source>Wheel, Up, Down</source>
        <translation>Mausrad, Auf, Ab</translation>
    </message>
    <message>
        <source>Next / previous slice</source>
        <translation>Nächste / vorige Schicht</translation>
    </message>
    <message>
        <source>PageUp, PageDown</source>
        <translation>Bild auf, Bild ab</translation>
    </message>
    <message>
        <source>Ten slices at a time</source>
        <translation>Zehn Schichten auf einmal</translation>
    </message>
    <message>
        <source>Home, End</source>
        <translation>Pos1, Ende</translation>
    </message>
    <message>
        <source>First / last slice</source>
        <translation>Erste / letzte Schicht</translation>
    </message>
    <message>
        <source>Right-drag</source>
        <translation>Ziehen mit rechter Taste</translation>
    </message>
    <message>
        <source>Window/level</source>
        <translation>Fenster/Level</translation>
    </message>
    <message>
        <source>Middle-drag, Shift+left-drag</source>
        <translation>Ziehen mit mittlerer Taste, Shift+linker Taste</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation>Ctrl+Mausrad</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>Left click (MPR)</source>
        <translation>Linksklick (MPR)</translation>
    </message>
    <message>
        <source>Move the crosshair</source>
        <translation>Fadenkreuz versetzen</translation>
    </message>
    <message>
        <source>Distance tool on/off</source>
        <translation>Abstandsmessung ein/aus</translation>
    </message>
    <message>
        <source>Invert grey levels</source>
        <translation>Graustufen invertieren</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <source>Reset the view</source>
        <translation>Ansicht zurücksetzen</translation>
    </message>
    <message>
        <source>Train a model (wizard)</source>
        <translation>Modell trainieren (Assistent)</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>Diese Liste</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Open DICOM folder</source>
        <translation>DICOM-Ordner öffnen</translation>
    </message>
    <message>
        <source>Open DICOM files</source>
        <translation>DICOM-Dateien öffnen</translation>
    </message>
    <message>
        <source>&amp;Analyse This Series</source>
        <translation>Diese Serie &amp;analysieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Cannot show the overlay: %1</source>
        <translation>Die Überlagerung kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Analyse this series with the models</source>
        <translation>Diese Serie mit den Modellen analysieren</translation>
    </message>
    <message>
        <source>Show or hide the findings</source>
        <translation>Befunde ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;Models...</source>
        <translation>&amp;Modelle...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>Models: install, activate, roll back, remove</source>
        <translation>Modelle: installieren, aktivieren, zurückrollen, entfernen</translation>
    </message>
    <message>
        <source>&amp;Import Segmentation (DICOM SEG)...</source>
        <translation>Segmentierung &amp;importieren (DICOM SEG)...</translation>
    </message>
    <message>
        <source>Import a DICOM segmentation</source>
        <translation>Eine DICOM-Segmentierung importieren</translation>
    </message>
    <message>
        <source>DICOM (*.dcm);;All files (*)</source>
        <translation>DICOM (*.dcm);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot import: %1</source>
        <translation>Import nicht möglich: %1</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>Arbeitsliste</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>Show or hide the worklist</source>
        <translation>Arbeitsliste ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation>Annotation</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation>Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <source>A&amp;nnotate</source>
        <translation>A&amp;nnotieren</translation>
    </message>
    <message>
        <source>Saving the annotation failed: %1</source>
        <translation>Speichern der Annotation fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Rectangle ROI</source>
        <translation>Rechteck-ROI</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>Ellipse ROI</source>
        <translation>Ellipsen-ROI</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>Winkel</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Measured: %1</source>
        <translation>Gemessen: %1</translation>
    </message>
    <message>
        <source>Angle: drag the first arm to the vertex, click the second&apos;s end</source>
        <translation>Winkel: ersten Schenkel bis zum Scheitel ziehen, Ende des zweiten klicken</translation>
    </message>
    <message>
        <source>Cine</source>
        <translation>Cine</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Play the slices or frames in a loop (C)</source>
        <translation>Schichten oder Bilder in einer Schleife abspielen (C)</translation>
    </message>
    <message>
        <source>Click a measurement</source>
        <translation>Klick auf eine Messung</translation>
    </message>
    <message>
        <source>Select it</source>
        <translation>Wählt sie aus</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Entf</translation>
    </message>
    <message>
        <source>Remove the selected measurement, else the last</source>
        <translation>Entfernt die ausgewählte Messung, sonst die letzte</translation>
    </message>
    <message>
        <source>Ctrl+Z (in a view)</source>
        <translation>Strg+Z (in einer Ansicht)</translation>
    </message>
    <message>
        <source>Undo the last measurement added or removed</source>
        <translation>Macht das letzte Hinzufügen oder Entfernen einer Messung rückgängig</translation>
    </message>
    <message>
        <source>Cine: play the slices or frames in a loop; again to stop</source>
        <translation>Cine: Schichten oder Bilder in einer Schleife abspielen; erneut zum Anhalten</translation>
    </message>
    <message>
        <source>Cleaning up</source>
        <translation>Aufräumen</translation>
    </message>
    <message>
        <source>Show or hide the annotation tools</source>
        <translation>Annotationswerkzeuge ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Export Findings as DICOM SR</source>
        <translation>Befunde als DICOM SR exportieren</translation>
    </message>
    <message>
        <source>Export Findings as DICOM SEG</source>
        <translation>Befunde als DICOM SEG exportieren</translation>
    </message>
    <message>
        <source>DICOM (*.dcm)</source>
        <translation>DICOM (*.dcm)</translation>
    </message>
    <message>
        <source>Undo the last annotation step</source>
        <translation>Letzten Annotationsschritt rückgängig machen</translation>
    </message>
    <message>
        <source>Redo it</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Export Findings as DICOM &amp;SEG...</source>
        <translation>Befunde als DICOM &amp;SEG exportieren...</translation>
    </message>
    <message>
        <source>Export Findings as DICOM S&amp;R...</source>
        <translation>Befunde als DICOM S&amp;R exportieren...</translation>
    </message>
    <message>
        <source>Layout 1x1</source>
        <translation>Layout 1x1</translation>
    </message>
    <message>
        <source>Layout MPR</source>
        <translation>Layout MPR</translation>
    </message>
    <message>
        <source>Layout 2x2</source>
        <translation>Layout 2x2</translation>
    </message>
    <message>
        <source>Rectangle ROI: mean, SD, min, max, area</source>
        <translation>Rechteck-ROI: Mittelwert, SD, Min., Max., Fläche</translation>
    </message>
    <message>
        <source>Ellipse ROI: mean, SD, min, max, area</source>
        <translation>Ellipsen-ROI: Mittelwert, SD, Min., Max., Fläche</translation>
    </message>
    <message>
        <source>&amp;Query/Retrieve...</source>
        <translation>Suchen/&amp;Abrufen...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q</source>
        <translation>Ctrl+Shift+Q</translation>
    </message>
    <message>
        <source>Search a PACS or DICOMweb node, retrieve and send</source>
        <translation>Einen PACS- oder DICOMweb-Knoten durchsuchen, abrufen und senden</translation>
    </message>
    <message>
        <source>Receiving as %1 on port %2</source>
        <translation>Empfang als %1 auf Port %2</translation>
    </message>
    <message>
        <source>Not receiving</source>
        <translation>Kein Empfang</translation>
    </message>
    <message>
        <source>Model ready: %1</source>
        <translation>Modell bereit: %1</translation>
    </message>
    <message>
        <source>Training %1 failed: %2</source>
        <translation>Training von %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ModelCompareDialog</name>
    <message>
        <source>Compare model versions</source>
        <translation>Modellversionen vergleichen</translation>
    </message>
    <message>
        <source>Comparing on the new version&apos;s validation cases...</source>
        <translation>Vergleich auf den Validierungsfällen der neuen Version...</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Activate B</source>
        <translation>B &amp;aktivieren</translation>
    </message>
    <message>
        <source>Where they disagree most (choose one to see it):</source>
        <translation>Wo sie am stärksten abweichen (zum Ansehen auswählen):</translation>
    </message>
    <message>
        <source>Comparing models</source>
        <translation>Modelle werden verglichen</translation>
    </message>
    <message>
        <source>Comparison cancelled.</source>
        <translation>Vergleich abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>A: %1 version %2 (active). B: %3 version %4. %n case(s) of B&apos;s validation patients.</source>
        <translation>
            <numerusform>A: %1 Version %2 (aktiv). B: %3 Version %4. %n Fall der Validierungspatienten von B.</numerusform>
            <numerusform>A: %1 Version %2 (aktiv). B: %3 Version %4. %n Fälle der Validierungspatienten von B.</numerusform>
        </translation>
    </message>
    <message>
        <source>IoU A</source>
        <translation>IoU A</translation>
    </message>
    <message>
        <source>IoU B</source>
        <translation>IoU B</translation>
    </message>
    <message>
        <source>Dice A</source>
        <translation>Dice A</translation>
    </message>
    <message>
        <source>Dice B</source>
        <translation>Dice B</translation>
    </message>
    <message>
        <source>AUROC A</source>
        <translation>AUROC A</translation>
    </message>
    <message>
        <source>AUROC B</source>
        <translation>AUROC B</translation>
    </message>
    <message>
        <source>B - A (95% CI)</source>
        <translation>B - A (95%-KI)</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>Sens./spec. A</source>
        <translation>Sens./Spez. A</translation>
    </message>
    <message>
        <source>Sens./spec. B</source>
        <translation>Sens./Spez. B</translation>
    </message>
    <message>
        <source>%1 (%2): A %3, B %4</source>
        <translation>%1 (%2): A %3, B %4</translation>
    </message>
    <message>
        <source>Cannot show it: %1</source>
        <translation>Anzeige nicht möglich: %1</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ModelManagerDialog</name>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Trainingsdaten</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Install &amp;Folder...</source>
        <translation>&amp;Ordner installieren...</translation>
    </message>
    <message>
        <source>Install &amp;Zip...</source>
        <translation>&amp;Zip installieren...</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>&amp;Aktivieren</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Each task (classify, segment) has one active model; earlier versions stay installed, so activating one rolls back.</source>
        <translation>Jede Aufgabe (Klassifikation, Segmentierung) hat ein aktives Modell; frühere Versionen bleiben installiert, ihre Aktivierung ist das Zurückrollen.</translation>
    </message>
    <message>
        <source>Model bundle folder</source>
        <translation>Ordner des Modellpakets</translation>
    </message>
    <message>
        <source>Model bundle</source>
        <translation>Modellpaket</translation>
    </message>
    <message>
        <source>Model bundles (*.zip)</source>
        <translation>Modellpakete (*.zip)</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Modell entfernen</translation>
    </message>
    <message>
        <source>Remove %1 version %2 from the list? Its files stay.</source>
        <translation>%1 Version %2 aus der Liste entfernen? Die Dateien bleiben.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>SYNTHETIC (demo, not for clinical use)</source>
        <translation>SYNTHETISCH (Demo, nicht für den klinischen Einsatz)</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>The model registry cannot be read: %1</source>
        <translation>Das Modellregister ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Installed %1 version %2 (%3). Activate it to use it.</source>
        <translation>%1 Version %2 (%3) installiert. Aktivieren Sie es, um es zu verwenden.</translation>
    </message>
    <message>
        <source>Cannot install %1: %2</source>
        <translation>%1 kann nicht installiert werden: %2</translation>
    </message>
    <message>
        <source>Active for %1: %2 version %3.</source>
        <translation>Aktiv für %1: %2 Version %3.</translation>
    </message>
    <message>
        <source>Cannot activate: %1</source>
        <translation>Aktivieren nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cannot remove: %1</source>
        <translation>Entfernen nicht möglich: %1</translation>
    </message>
    <message>
        <source>&amp;Compare with Active...</source>
        <translation>Mit aktivem &amp;vergleichen...</translation>
    </message>
</context>
<context>
    <name>radlens::ui::NetworkPreferences</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Our AE title</source>
        <translation>Eigener AE-Titel</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>&amp;Hinzufügen...</translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation>&amp;Bearbeiten...</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>The same list as `radlens-cli node`. Passwords and tokens stay in the files named here; Radlens reads them when it connects.</source>
        <translation>Dieselbe Liste wie `radlens-cli node`. Passwörter und Token bleiben in den hier genannten Dateien; Radlens liest sie beim Verbinden.</translation>
    </message>
    <message>
        <source>Cannot read the node list: %1</source>
        <translation>Die Knotenliste ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Remove Node</source>
        <translation>Knoten entfernen</translation>
    </message>
    <message>
        <source>Remove the node %1?</source>
        <translation>Den Knoten %1 entfernen?</translation>
    </message>
    <message>
        <source>Select a node to test.</source>
        <translation>Wählen Sie einen Knoten zum Testen.</translation>
    </message>
    <message>
        <source>Testing %1...</source>
        <translation>Teste %1...</translation>
    </message>
    <message>
        <source>Testing a node</source>
        <translation>Knoten testen</translation>
    </message>
    <message>
        <source>%1 answered in %2 ms.</source>
        <translation>%1 hat in %2 ms geantwortet.</translation>
    </message>
    <message>
        <source>%1 did not answer: %2</source>
        <translation>%1 hat nicht geantwortet: %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::NodeEditDialog</name>
    <message>
        <source>Choose a file</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation>Knoten hinzufügen</translation>
    </message>
    <message>
        <source>Edit Node</source>
        <translation>Knoten bearbeiten</translation>
    </message>
    <message>
        <source>DICOM (DIMSE: C-FIND, C-GET, C-MOVE, C-STORE)</source>
        <translation>DICOM (DIMSE: C-FIND, C-GET, C-MOVE, C-STORE)</translation>
    </message>
    <message>
        <source>DICOMweb (QIDO-RS, WADO-RS, STOW-RS)</source>
        <translation>DICOMweb (QIDO-RS, WADO-RS, STOW-RS)</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Yes (DICOM TLS)</source>
        <translation>Ja (DICOM TLS)</translation>
    </message>
    <message>
        <source>Its AE &amp;title:</source>
        <translation>Sein AE-&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>T&amp;LS:</source>
        <translation>T&amp;LS:</translation>
    </message>
    <message>
        <source>http://pacs:8042/dicom-web</source>
        <translation>http://pacs:8042/dicom-web</translation>
    </message>
    <message>
        <source>Password File</source>
        <translation>Passwortdatei</translation>
    </message>
    <message>
        <source>A file whose first line is the password; it is read when connecting and never shown</source>
        <translation>Eine Datei, deren erste Zeile das Passwort ist; sie wird beim Verbinden gelesen und nie angezeigt</translation>
    </message>
    <message>
        <source>Token File</source>
        <translation>Token-Datei</translation>
    </message>
    <message>
        <source>Service &amp;URL:</source>
        <translation>Dienst-&amp;URL:</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>Be&amp;nutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word file:</source>
        <translation>Pass&amp;wortdatei:</translation>
    </message>
    <message>
        <source>Bearer to&amp;ken file:</source>
        <translation>Bearer-To&amp;ken-Datei:</translation>
    </message>
    <message>
        <source>CA Certificates (PEM)</source>
        <translation>CA-Zertifikate (PEM)</translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation>die des Systems</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>P&amp;rotokoll:</translation>
    </message>
    <message>
        <source>&amp;Our AE title:</source>
        <translation>&amp;Eigener AE-Titel:</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>&amp;CA-Datei:</translation>
    </message>
    <message>
        <source>T&amp;imeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>A password file needs a user.</source>
        <translation>Eine Passwortdatei braucht einen Benutzer.</translation>
    </message>
    <message>
        <source>Give either a user and password file or a token file.</source>
        <translation>Geben Sie entweder Benutzer und Passwortdatei oder eine Token-Datei an.</translation>
    </message>
    <message>
        <source>C-GET</source>
        <translation>C-GET</translation>
    </message>
    <message>
        <source>C-MOVE to us</source>
        <translation>C-MOVE zu uns</translation>
    </message>
    <message>
        <source>C-MOVE needs the node to know our AE title, this computer and the port</source>
        <translation>C-MOVE setzt voraus, dass der Knoten unseren AE-Titel, diesen Rechner und den Port kennt</translation>
    </message>
    <message>
        <source>Retrieve &amp;with:</source>
        <translation>Abrufen &amp;mit:</translation>
    </message>
    <message>
        <source>Our &amp;listening port:</source>
        <translation>Unser Emp&amp;fangsport:</translation>
    </message>
</context>
<context>
    <name>radlens::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>A new language takes effect when Radlens starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Radlens.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Annotator name:</source>
        <translation>&amp;Name des Annotators:</translation>
    </message>
    <message>
        <source>Run the active &amp;models on every series opened</source>
        <translation>Die aktiven &amp;Modelle auf jeder geöffneten Serie ausführen</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>&amp;Netzwerk</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ProbabilityBars</name>
    <message>
        <source>%1: %2 % (threshold %3 %)</source>
        <translation>%1: %2 % (Schwelle %3 %)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>radlens::ui::QueryRetrieveDialog</name>
    <message>
        <source>Query/Retrieve</source>
        <translation>Suchen/Abrufen</translation>
    </message>
    <message>
        <source>&amp;Nodes...</source>
        <translation>&amp;Knoten...</translation>
    </message>
    <message>
        <source>any; * and ? match</source>
        <translation>beliebig; * und ? als Platzhalter</translation>
    </message>
    <message>
        <source>any; * and ? match, e.g. DOE^J*</source>
        <translation>beliebig; * und ? als Platzhalter, z. B. MUSTER^M*</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>YYYYMMDD or YYYYMMDD-YYYYMMDD</source>
        <translation>JJJJMMTT oder JJJJMMTT-JJJJMMTT</translation>
    </message>
    <message>
        <source>CT, MR, CR, DX...</source>
        <translation>CT, MR, CR, DX...</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>N&amp;ode:</source>
        <translation>K&amp;noten:</translation>
    </message>
    <message>
        <source>Patient &amp;ID:</source>
        <translation>Patienten-&amp;ID:</translation>
    </message>
    <message>
        <source>Patient na&amp;me:</source>
        <translation>Patienten&amp;name:</translation>
    </message>
    <message>
        <source>&amp;Accession:</source>
        <translation>&amp;Auftragsnummer:</translation>
    </message>
    <message>
        <source>Study &amp;date:</source>
        <translation>Studien&amp;datum:</translation>
    </message>
    <message>
        <source>Mo&amp;dality:</source>
        <translation>Mo&amp;dalität:</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Accession / number</source>
        <translation>Auftrag / Nummer</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>&amp;Retrieve</source>
        <translation>&amp;Abrufen</translation>
    </message>
    <message>
        <source>Retrieve the selected studies or series into the local store (Ctrl+R)</source>
        <translation>Die gewählten Studien oder Serien in den lokalen Speicher abrufen (Ctrl+R)</translation>
    </message>
    <message>
        <source>Retrieve and &amp;Open</source>
        <translation>Abrufen und ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Retrieve and show the first series as soon as its first image arrives (Ctrl+Shift+R)</source>
        <translation>Abrufen und die erste Serie zeigen, sobald ihr erstes Bild da ist (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>S&amp;enden</translation>
    </message>
    <message>
        <source>The Series on Screen</source>
        <translation>Die angezeigte Serie</translation>
    </message>
    <message>
        <source>Its Segmentation as DICOM SEG</source>
        <translation>Ihre Segmentierung als DICOM SEG</translation>
    </message>
    <message>
        <source>Its Findings as DICOM SR</source>
        <translation>Ihre Befunde als DICOM SR</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>&amp;Cancel Transfer</source>
        <translation>Übertragung a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Run a failed or cancelled transfer again; a retrieval resumes</source>
        <translation>Eine fehlgeschlagene oder abgebrochene Übertragung erneut ausführen; ein Abruf setzt fort</translation>
    </message>
    <message>
        <source>C&amp;lear Finished</source>
        <translation>Beendete ent&amp;fernen</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>Cannot read the node list: %1</source>
        <translation>Die Knotenliste ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>No node is configured: press Nodes... to add one.</source>
        <translation>Kein Knoten eingerichtet: Knoten... fügt einen hinzu.</translation>
    </message>
    <message>
        <source>Choose a node first (Nodes... adds one).</source>
        <translation>Wählen Sie zuerst einen Knoten (Knoten... fügt einen hinzu).</translation>
    </message>
    <message>
        <source>The study date must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.</source>
        <translation>Das Studiendatum muss JJJJMMTT oder ein Bereich JJJJMMTT-JJJJMMTT sein.</translation>
    </message>
    <message>
        <source>Searching %1...</source>
        <translation>Durchsuche %1...</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Suche</translation>
    </message>
    <message numerus="yes">
        <source>%n study(ies) found.</source>
        <translation>
            <numerusform>%n Studie gefunden.</numerusform>
            <numerusform>%n Studien gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Loading series...</source>
        <translation>Lade Serien...</translation>
    </message>
    <message>
        <source>Listing series</source>
        <translation>Serien auflisten</translation>
    </message>
    <message>
        <source>Cannot list the series: %1</source>
        <translation>Die Serien lassen sich nicht auflisten: %1</translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Serie %1</translation>
    </message>
    <message>
        <source>Select a study or series to retrieve.</source>
        <translation>Wählen Sie eine Studie oder Serie zum Abrufen.</translation>
    </message>
    <message numerus="yes">
        <source>%n retrieval(s) queued.</source>
        <translation>
            <numerusform>%n Abruf eingereiht.</numerusform>
            <numerusform>%n Abrufe eingereiht.</numerusform>
        </translation>
    </message>
    <message>
        <source>No series is on screen.</source>
        <translation>Keine Serie wird angezeigt.</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 (%n image(s))</source>
        <translation>
            <numerusform>%1, %2 (%n Bild)</numerusform>
            <numerusform>%1, %2 (%n Bilder)</numerusform>
        </translation>
    </message>
    <message>
        <source>findings as DICOM SR</source>
        <translation>Befunde als DICOM SR</translation>
    </message>
    <message>
        <source>segmentation as DICOM SEG</source>
        <translation>Segmentierung als DICOM SEG</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ReceivePreferences</name>
    <message>
        <source>Receive studies</source>
        <translation>Studien empfangen</translation>
    </message>
    <message>
        <source>Receive studies sent to Radlens and analyse them</source>
        <translation>An Radlens gesendete Studien empfangen und analysieren</translation>
    </message>
    <message>
        <source>any (e.g. PACS,CT1)</source>
        <translation>alle (z. B. PACS,CT1)</translation>
    </message>
    <message>
        <source>Calling AE titles allowed to send, separated by commas; empty allows any. Others are refused at association.</source>
        <translation>AE-Titel, die senden dürfen, durch Kommas getrennt; leer erlaubt alle. Andere werden bei der Assoziation abgewiesen.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>A series is complete, and analysed, when nothing of it has arrived for this long.</source>
        <translation>Eine Serie ist vollständig und wird analysiert, wenn so lange nichts mehr von ihr eingetroffen ist.</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>Ü&amp;bernehmen</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Our AE title:</source>
        <translation>Unser AE-Titel:</translation>
    </message>
    <message>
        <source>Allowed senders:</source>
        <translation>Erlaubte Absender:</translation>
    </message>
    <message>
        <source>Series complete after:</source>
        <translation>Serie vollständig nach:</translation>
    </message>
    <message>
        <source>Not available here</source>
        <translation>Hier nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ReceivingNode</name>
    <message>
        <source>Our AE title: %1</source>
        <translation>Unser AE-Titel: %1</translation>
    </message>
    <message>
        <source>Allowed AE titles: %1</source>
        <translation>Erlaubte AE-Titel: %1</translation>
    </message>
    <message>
        <source>The port must be 1 to 65535.</source>
        <translation>Der Port muss zwischen 1 und 65535 liegen.</translation>
    </message>
    <message>
        <source>The quiet time must be 0.1 to 3600 seconds.</source>
        <translation>Die Ruhezeit muss zwischen 0,1 und 3600 Sekunden liegen.</translation>
    </message>
    <message>
        <source>Receiving series %1 from %2</source>
        <translation>Empfange Serie %1 von %2</translation>
    </message>
    <message>
        <source>Refused an instance: %1</source>
        <translation>Instanz abgewiesen: %1</translation>
    </message>
    <message>
        <source>Refused an association from %1: not an allowed AE title</source>
        <translation>Assoziation von %1 abgewiesen: kein erlaubter AE-Titel</translation>
    </message>
    <message>
        <source>Cannot receive: %1</source>
        <translation>Empfang nicht möglich: %1</translation>
    </message>
    <message>
        <source>Listening as %1 on port %2</source>
        <translation>Empfangsbereit als %1 auf Port %2</translation>
    </message>
    <message>
        <source>Stopped listening</source>
        <translation>Empfang beendet</translation>
    </message>
    <message>
        <source>The models cannot run: %1</source>
        <translation>Die Modelle können nicht laufen: %1</translation>
    </message>
    <message>
        <source>%1 could not analyse series %2: %3</source>
        <translation>%1 konnte Serie %2 nicht analysieren: %3</translation>
    </message>
    <message>
        <source>Series %1 was analysed by %2 before</source>
        <translation>Serie %1 wurde bereits von %2 analysiert</translation>
    </message>
    <message>
        <source>%1 analysed series %2: nothing flagged</source>
        <translation>%1 hat Serie %2 analysiert: nichts markiert</translation>
    </message>
    <message>
        <source>%1 analysed series %2: %3</source>
        <translation>%1 hat Serie %2 analysiert: %3</translation>
    </message>
    <message>
        <source>Series %1: %2</source>
        <translation>Serie %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Series %1 complete: %n instance(s)</source>
        <translation>
            <numerusform>Serie %1 vollständig: %n Instanz</numerusform>
            <numerusform>Serie %1 vollständig: %n Instanzen</numerusform>
        </translation>
    </message>
    <message>
        <source>No active model: series %1 is not analysed</source>
        <translation>Kein aktives Modell: Serie %1 wird nicht analysiert</translation>
    </message>
    <message numerus="yes">
        <source>Taking up %n series received before and not analysed</source>
        <translation>
            <numerusform>%n früher empfangene, nicht analysierte Serie wird aufgenommen</numerusform>
            <numerusform>%n früher empfangene, nicht analysierte Serien werden aufgenommen</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading received series</source>
        <translation>Empfangene Serien lesen</translation>
    </message>
    <message numerus="yes">
        <source>Listening as %1 on port %2: %n instance(s) received</source>
        <translation>
            <numerusform>Empfangsbereit als %1 auf Port %2: %n Instanz empfangen</numerusform>
            <numerusform>Empfangsbereit als %1 auf Port %2: %n Instanzen empfangen</numerusform>
        </translation>
    </message>
    <message>
        <source>Not receiving: %1</source>
        <translation>Kein Empfang: %1</translation>
    </message>
    <message>
        <source>Not receiving</source>
        <translation>Kein Empfang</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ReliabilityDiagram</name>
    <message>
        <source>Reliability: fraction of positives against the predicted probability, before (grey) and after (blue) calibration. On the diagonal, a probability means what it says.</source>
        <translation>Zuverlässigkeit: Anteil positiver Fälle gegen die vorhergesagte Wahrscheinlichkeit, vor (grau) und nach (blau) der Kalibrierung. Auf der Diagonale bedeutet eine Wahrscheinlichkeit, was sie sagt.</translation>
    </message>
    <message>
        <source>predicted probability</source>
        <translation>vorhergesagte Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>grey: before, blue: after</source>
        <translation>grau: vorher, blau: nachher</translation>
    </message>
</context>
<context>
    <name>radlens::ui::RemoteTransfers</name>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) failed</source>
        <translation>
            <numerusform>%n Instanz fehlgeschlagen</numerusform>
            <numerusform>%n Instanzen fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled; Retry resumes</source>
        <translation>Abgebrochen; Wiederholen setzt fort</translation>
    </message>
</context>
<context>
    <name>radlens::ui::StudyBrowserModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation>(ohne Beschreibung)</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>Nr. %1 %2</translation>
    </message>
    <message>
        <source>Patient / Study / Series</source>
        <translation>Patient / Studie / Serie</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
</context>
<context>
    <name>radlens::ui::StudySession</name>
    <message numerus="yes">
        <source>Scanning %n path(s)...</source>
        <translation>
            <numerusform>Durchsuche %n Pfad...</numerusform>
            <numerusform>Durchsuche %n Pfade...</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>Durchsuchen</translation>
    </message>
    <message>
        <source>Scanning: %1 of %2 files</source>
        <translation>Durchsuche: %1 von %2 Dateien</translation>
    </message>
    <message>
        <source>Cannot scan: %1</source>
        <translation>Durchsuchen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>Durchsuchen abgebrochen.</translation>
    </message>
    <message>
        <source>Reading the database</source>
        <translation>Datenbank wird gelesen</translation>
    </message>
    <message>
        <source>The files of this series are gone.</source>
        <translation>Die Dateien dieser Serie sind nicht mehr vorhanden.</translation>
    </message>
    <message numerus="yes">
        <source>%n series found</source>
        <translation>
            <numerusform>%n Serie gefunden</numerusform>
            <numerusform>%n Serien gefunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n file(s) skipped</source>
        <translation>
            <numerusform>, %n Datei übersprungen</numerusform>
            <numerusform>, %n Dateien übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>Vorschaubilder</translation>
    </message>
    <message>
        <source>Loading the series...</source>
        <translation>Lade die Serie...</translation>
    </message>
    <message>
        <source>Loading series %1...</source>
        <translation>Lade Serie %1...</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Loading: %1 of %2 images</source>
        <translation>Lade: %1 von %2 Bildern</translation>
    </message>
    <message>
        <source>Cannot load this series: %1</source>
        <translation>Diese Serie kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Series loaded: %1 x %2 x %3</source>
        <translation>Serie geladen: %1 x %2 x %3</translation>
    </message>
    <message>
        <source>Analysis on demand: AI &gt; Analyse This Series (Ctrl+Shift+A).</source>
        <translation>Analyse auf Anfrage: KI &gt; Diese Serie analysieren (Ctrl+Shift+A).</translation>
    </message>
    <message>
        <source>Reading the models</source>
        <translation>Modelle werden gelesen</translation>
    </message>
    <message numerus="yes">
        <source>Installing %n model(s)...</source>
        <translation>
            <numerusform>Installiere %n Modell...</numerusform>
            <numerusform>Installiere %n Modelle...</numerusform>
        </translation>
    </message>
    <message>
        <source>Installing models</source>
        <translation>Modelle werden installiert</translation>
    </message>
    <message>
        <source>Installed model %1 version %2 (%3); it is not active yet.</source>
        <translation>Modell %1 Version %2 (%3) installiert; es ist noch nicht aktiv.</translation>
    </message>
    <message>
        <source>Cannot install %1: %2</source>
        <translation>%1 kann nicht installiert werden: %2</translation>
    </message>
    <message>
        <source>Open a series to see the models&apos; findings.</source>
        <translation>Öffnen Sie eine Serie, um die Befunde der Modelle zu sehen.</translation>
    </message>
    <message>
        <source>The model registry cannot be read: %1</source>
        <translation>Das Modellregister ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>No active model. Train one (AI &gt; Train a Model) or open a model bundle (*.radlens.zip).</source>
        <translation>Kein aktives Modell. Trainieren Sie eines (KI &gt; Modell trainieren) oder öffnen Sie ein Modellpaket (*.radlens.zip).</translation>
    </message>
    <message>
        <source>Reading the models...</source>
        <translation>Lese die Modelle...</translation>
    </message>
    <message>
        <source>No model for %1 series.</source>
        <translation>Kein Modell für %1-Serien.</translation>
    </message>
    <message>
        <source>The models cannot run: %1</source>
        <translation>Die Modelle können nicht laufen: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>open the series it was made on first, then import it</source>
        <translation>öffnen Sie zuerst die Serie, auf der sie erstellt wurde, und importieren Sie sie dann</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>Importiert: %1</translation>
    </message>
    <message>
        <source>Reading the reviews</source>
        <translation>Bewertungen werden gelesen</translation>
    </message>
    <message>
        <source>Recording the review</source>
        <translation>Bewertung wird gespeichert</translation>
    </message>
    <message>
        <source>Cannot record the review: %1</source>
        <translation>Bewertung kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>No findings of a model to export: analyse the series first.</source>
        <translation>Keine Modellbefunde zum Exportieren: zuerst die Serie analysieren.</translation>
    </message>
    <message>
        <source>No segmentation of a model to export: analyse the series first.</source>
        <translation>Keine Modellsegmentierung zum Exportieren: zuerst die Serie analysieren.</translation>
    </message>
    <message>
        <source>Exporting the findings</source>
        <translation>Befunde werden exportiert</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>%1 exportiert.</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Export nicht möglich: %1</translation>
    </message>
    <message>
        <source>The series is still arriving: it is analysed when complete.</source>
        <translation>Die Serie trifft noch ein: sie wird analysiert, wenn sie vollständig ist.</translation>
    </message>
</context>
<context>
    <name>radlens::ui::TrainingRun</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>the training process crashed</source>
        <translation>der Trainingsprozess ist abgestürzt</translation>
    </message>
    <message>
        <source>the training process exited with %1</source>
        <translation>der Trainingsprozess endete mit %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::TrainingWizard</name>
    <message>
        <source>What to train</source>
        <translation>Was trainiert wird</translation>
    </message>
    <message>
        <source>Fine-tune a classifier (findings per image) or a segmenter (lesion masks) on your local annotations.</source>
        <translation>Trainieren Sie einen Klassifikator (Befunde pro Bild) oder einen Segmentierer (Läsionsmasken) mit Ihren lokalen Annotationen nach.</translation>
    </message>
    <message>
        <source>&amp;Classification (probability per finding)</source>
        <translation>&amp;Klassifikation (Wahrscheinlichkeit je Befund)</translation>
    </message>
    <message>
        <source>&amp;Segmentation (lesion masks)</source>
        <translation>&amp;Segmentierung (Läsionsmasken)</translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation>&amp;Netz:</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>Ausgangspunkt</translation>
    </message>
    <message>
        <source>Fine-tuning a trained model needs far fewer examples than starting from scratch.</source>
        <translation>Das Nachtrainieren eines trainierten Modells braucht weit weniger Beispiele als ein Training von Grund auf.</translation>
    </message>
    <message>
        <source>From &amp;scratch (random weights)</source>
        <translation>Von &amp;Grund auf (zufällige Gewichte)</translation>
    </message>
    <message>
        <source>A model &amp;bundle (the active model by default)</source>
        <translation>Ein Modell&amp;paket (vorgegeben: das aktive Modell)</translation>
    </message>
    <message>
        <source>&amp;ImageNet weights (a torchvision .pth file)</source>
        <translation>&amp;ImageNet-Gewichte (eine torchvision-.pth-Datei)</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Model bundle</source>
        <translation>Modellpaket</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pth *.pt)</source>
        <translation>PyTorch-Gewichte (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Trainingsdaten</translation>
    </message>
    <message>
        <source>class names, comma separated</source>
        <translation>Klassennamen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Add &amp;folder...</source>
        <translation>&amp;Ordner hinzufügen...</translation>
    </message>
    <message>
        <source>Add &amp;CSV...</source>
        <translation>&amp;CSV hinzufügen...</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>C&amp;heck data</source>
        <translation>Daten &amp;prüfen</translation>
    </message>
    <message>
        <source>Training data folder</source>
        <translation>Ordner mit Trainingsdaten</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>C&amp;lasses:</source>
        <translation>K&amp;lassen:</translation>
    </message>
    <message>
        <source>Reading the data...</source>
        <translation>Lese die Daten...</translation>
    </message>
    <message>
        <source>SYNTHETIC data.</source>
        <translation>SYNTHETISCHE Daten.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Cannot use this data: %1</source>
        <translation>Diese Daten sind nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Split, hyper-parameters and device</source>
        <translation>Aufteilung, Hyperparameter und Gerät</translation>
    </message>
    <message>
        <source>Defaults follow the reference work: 80/20 split by patient, Adam with learning rate 0.001, backbone frozen for 10 epochs.</source>
        <translation>Die Vorgaben folgen der Referenzarbeit: Aufteilung 80/20 nach Patienten, Adam mit Lernrate 0,001, Backbone 10 Epochen eingefroren.</translation>
    </message>
    <message>
        <source>&amp;Augmentation (rotation, flip, random crop)</source>
        <translation>&amp;Augmentierung (Drehung, Spiegelung, zufälliger Ausschnitt)</translation>
    </message>
    <message>
        <source>&amp;Validation fraction:</source>
        <translation>&amp;Validierungsanteil:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>E&amp;pochs:</source>
        <translation>E&amp;pochen:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>&amp;Image size:</source>
        <translation>&amp;Bildgröße:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>&amp;Frozen backbone epochs:</source>
        <translation>Epochen mit &amp;eingefrorenem Backbone:</translation>
    </message>
    <message>
        <source>Learning rate &amp;halves every (epochs):</source>
        <translation>Lernrate &amp;halbiert sich alle (Epochen):</translation>
    </message>
    <message>
        <source>&amp;Output mode:</source>
        <translation>&amp;Ausgabemodus:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>New model &amp;folder:</source>
        <translation>&amp;Ordner des neuen Modells:</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>The run is a separate process: the viewer stays responsive, and a crash of the run cannot take it down.</source>
        <translation>Das Training läuft in einem eigenen Prozess: der Betrachter bleibt bedienbar, und ein Absturz des Trainings reißt ihn nicht mit.</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Starte...</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>Training &amp;abbrechen</translation>
    </message>
    <message>
        <source>Loss and validation metric</source>
        <translation>Verlust und Validierungsmetrik</translation>
    </message>
    <message>
        <source>training loss (per step)</source>
        <translation>Trainingsverlust (pro Schritt)</translation>
    </message>
    <message>
        <source>validation loss (per epoch)</source>
        <translation>Validierungsverlust (pro Epoche)</translation>
    </message>
    <message>
        <source>validation metric (per epoch)</source>
        <translation>Validierungsmetrik (pro Epoche)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Das Training ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, step %3 of %4, loss %5; about %6 s left.</source>
        <translation>Epoche %1 von %2, Schritt %3 von %4, Verlust %5; noch etwa %6 s.</translation>
    </message>
    <message>
        <source>Results on the validation split</source>
        <translation>Ergebnisse auf der Validierungsmenge</translation>
    </message>
    <message>
        <source>&amp;Activate this model</source>
        <translation>Dieses Modell &amp;aktivieren</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: truth)</source>
        <translation>Konfusionsmatrix (Zeilen: Wahrheit)</translation>
    </message>
    <message>
        <source>Best epoch %1 of %2 on %3, %4 s. Mean F1 %5, IoU %6%7.</source>
        <translation>Beste Epoche %1 von %2 auf %3, %4 s. Mittleres F1 %5, IoU %6%7.</translation>
    </message>
    <message>
        <source>, AUROC %1</source>
        <translation>, AUROC %1</translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <source>Current model IoU</source>
        <translation>IoU des aktuellen Modells</translation>
    </message>
    <message>
        <source>AUROC</source>
        <translation>AUROC</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Current model F1</source>
        <translation>F1 des aktuellen Modells</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>TN</source>
        <translation>RN</translation>
    </message>
    <message>
        <source>FP</source>
        <translation>FP</translation>
    </message>
    <message>
        <source>FN</source>
        <translation>FN</translation>
    </message>
    <message>
        <source>TP</source>
        <translation>RP</translation>
    </message>
    <message>
        <source>background</source>
        <translation>Hintergrund</translation>
    </message>
    <message>
        <source>Active for %1: %2 version %3 (earlier versions are kept).</source>
        <translation>Aktiv für %1: %2 Version %3 (frühere Versionen bleiben erhalten).</translation>
    </message>
    <message>
        <source>Cannot activate: %1</source>
        <translation>Aktivieren nicht möglich: %1</translation>
    </message>
    <message>
        <source>Train a model</source>
        <translation>Modell trainieren</translation>
    </message>
    <message>
        <source>multi-label (a probability per class)</source>
        <translation>Multi-Label (eine Wahrscheinlichkeit je Klasse)</translation>
    </message>
    <message>
        <source>multi-class (one class per image)</source>
        <translation>Multi-Class (eine Klasse je Bild)</translation>
    </message>
    <message>
        <source>automatic (CUDA when present)</source>
        <translation>automatisch (CUDA, falls vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>The annotation store (final versions), exported or `radlens-cli synth` folders, ChestX-ray14-style CSV files, COCO JSON, or images/ + masks/ NIfTI pairs.</source>
        <translation>Der Annotationsspeicher (endgültige Versionen), exportierte oder `radlens-cli synth`-Ordner, CSV-Dateien im ChestX-ray14-Stil, COCO JSON oder NIfTI-Paare images/ + masks/.</translation>
    </message>
    <message>
        <source>Add annotation &amp;store</source>
        <translation>Annotations&amp;speicher hinzufügen</translation>
    </message>
    <message>
        <source>The newest final annotation of every series annotated here</source>
        <translation>Die neueste endgültige Annotation jeder hier annotierten Serie</translation>
    </message>
    <message>
        <source>Calibration on %1 validation cases: expected calibration error %2 before, %3 after temperature scaling. Thresholds chosen for %4.</source>
        <translation>Kalibrierung auf %1 Validierungsfällen: erwarteter Kalibrierungsfehler %2 vorher, %3 nach Temperaturskalierung. Schwellen gewählt für %4.</translation>
    </message>
    <message>
        <source>the best F1</source>
        <translation>das beste F1</translation>
    </message>
    <message>
        <source>sensitivity</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <source>specificity</source>
        <translation>Spezifität</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellwert</translation>
    </message>
    <message>
        <source>Sensitivity (95% CI)</source>
        <translation>Sensitivität (95%-KI)</translation>
    </message>
    <message>
        <source>Specificity (95% CI)</source>
        <translation>Spezifität (95%-KI)</translation>
    </message>
    <message>
        <source>best F1</source>
        <translation>bestes F1</translation>
    </message>
    <message>
        <source>a sensitivity of at least</source>
        <translation>eine Sensitivität von mindestens</translation>
    </message>
    <message>
        <source>a specificity of at least</source>
        <translation>eine Spezifität von mindestens</translation>
    </message>
    <message>
        <source>&amp;Thresholds for:</source>
        <translation>&amp;Schwellen für:</translation>
    </message>
    <message>
        <source>1 (too few cases to fit)</source>
        <translation>1 (zu wenige Fälle zum Anpassen)</translation>
    </message>
    <message numerus="yes">
        <source>%n cases</source>
        <translation>
            <numerusform>%n Fall</numerusform>
            <numerusform>%n Fälle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n patients.</source>
        <translation>
            <numerusform>%n Patient.</numerusform>
            <numerusform>%n Patienten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a mask.</source>
        <translation>
            <numerusform>%n mit Maske.</numerusform>
            <numerusform>%n mit Maske.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n on the official test list (held out),</source>
        <translation>
            <numerusform>%n auf der offiziellen Testliste (zurückgehalten),</numerusform>
            <numerusform>%n auf der offiziellen Testliste (zurückgehalten),</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>radlens::ui::TransferListModel</name>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Retrieve: %1</source>
        <translation>Abruf: %1</translation>
    </message>
    <message>
        <source>Send: %1</source>
        <translation>Senden: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>Wird abgebrochen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Fertig: %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ViewerToolBar</name>
    <message>
        <source>CT lung</source>
        <translation>CT Lunge</translation>
    </message>
    <message>
        <source>CT mediastinum</source>
        <translation>CT Mediastinum</translation>
    </message>
    <message>
        <source>CT bone</source>
        <translation>CT Knochen</translation>
    </message>
    <message>
        <source>CT brain</source>
        <translation>CT Gehirn</translation>
    </message>
    <message>
        <source>CT abdomen</source>
        <translation>CT Abdomen</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Window/level preset</source>
        <translation>Fenstervorgabe</translation>
    </message>
    <message>
        <source>Window preset</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> B/s</translation>
    </message>
    <message>
        <source>Cine rate, frames per second</source>
        <translation>Cine-Rate, Bilder pro Sekunde</translation>
    </message>
    <message>
        <source>3D rendering preset</source>
        <translation>3D-Vorgabe</translation>
    </message>
    <message>
        <source>CT soft tissue</source>
        <translation>CT Weichteil</translation>
    </message>
    <message>
        <source>MIP</source>
        <translation>MIP</translation>
    </message>
    <message>
        <source>Header: W %1 L %2</source>
        <translation>Header: W %1 L %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::WorklistModel</name>
    <message numerus="yes">
        <source>%n lesion(s)</source>
        <translation>
            <numerusform>%n Läsion</numerusform>
            <numerusform>%n Läsionen</numerusform>
        </translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>nicht analysiert</translation>
    </message>
    <message>
        <source>none flagged</source>
        <translation>nichts markiert</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>Befundet von</translation>
    </message>
    <message>
        <source>A model found this series outside what it was trained on: its findings may not hold.</source>
        <translation>Ein Modell fand diese Serie außerhalb dessen, worauf es trainiert wurde: seine Befunde gelten womöglich nicht.</translation>
    </message>
    <message>
        <source>[outside training data] %1</source>
        <translation>[außerhalb der Trainingsdaten] %1</translation>
    </message>
    <message>
        <source>A model trained on synthetic data made these findings: not for clinical use.</source>
        <translation>Diese Befunde stammen von einem mit synthetischen Daten trainierten Modell: nicht für den klinischen Gebrauch.</translation>
    </message>
    <message>
        <source>[SYNTHETIC model] %1</source>
        <translation>[SYNTHETISCHES Modell] %1</translation>
    </message>
</context>
<context>
    <name>radlens::ui::WorklistPanel</name>
    <message>
        <source>&amp;Unread</source>
        <translation>&amp;Ungelesen</translation>
    </message>
    <message>
        <source>F&amp;lagged</source>
        <translation>&amp;Markiert</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Jedes Datum</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Letztes Jahr</translation>
    </message>
    <message>
        <source>Analyse &amp;All</source>
        <translation>&amp;Alle analysieren</translation>
    </message>
    <message>
        <source>Mark &amp;Reviewed</source>
        <translation>Als &amp;befundet markieren</translation>
    </message>
    <message>
        <source>%1 of %2 series</source>
        <translation>%1 von %2 Serien</translation>
    </message>
    <message>
        <source>Analysis stopped; it continues from here next time.</source>
        <translation>Analyse angehalten; beim nächsten Mal geht sie hier weiter.</translation>
    </message>
    <message>
        <source>Every series is analysed.</source>
        <translation>Alle Serien sind analysiert.</translation>
    </message>
    <message numerus="yes">
        <source>%n series could not be analysed: %1</source>
        <translation>
            <numerusform>%n Serie konnte nicht analysiert werden: %1</numerusform>
            <numerusform>%n Serien konnten nicht analysiert werden: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>All modalities</source>
        <translation>Alle Modalitäten</translation>
    </message>
    <message>
        <source>No active model to analyse with (AI &gt; Models).</source>
        <translation>Kein aktives Modell zum Analysieren (KI &gt; Modelle).</translation>
    </message>
    <message>
        <source>Analysing every series in the background...</source>
        <translation>Analysiere alle Serien im Hintergrund...</translation>
    </message>
    <message>
        <source>C&amp;ancel Analysis</source>
        <translation>Analyse a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Cannot record the review in %1</source>
        <translation>Die Beurteilung kann nicht in %1 gespeichert werden</translation>
    </message>
    <message>
        <source>Reading the worklist</source>
        <translation>Arbeitsliste wird gelesen</translation>
    </message>
    <message>
        <source>Cannot read the worklist: %1</source>
        <translation>Arbeitsliste kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Recording the review</source>
        <translation>Bewertung wird gespeichert</translation>
    </message>
    <message>
        <source>Priority first</source>
        <translation>Priorität zuerst</translation>
    </message>
    <message>
        <source>Most uncertain first</source>
        <translation>Unsicherste zuerst</translation>
    </message>
    <message>
        <source>Most uncertain first: the cases whose probabilities lie nearest their thresholds, which teach the next fine-tune most.</source>
        <translation>Unsicherste zuerst: die Fälle, deren Wahrscheinlichkeiten am nächsten an ihren Schwellen liegen; sie lehren das nächste Nachtraining am meisten.</translation>
    </message>
    <message>
        <source>Annotate &amp;Next Uncertain</source>
        <translation>&amp;Nächsten unsicheren annotieren</translation>
    </message>
    <message>
        <source>No analysed series is left without a final annotation.</source>
        <translation>Keine analysierte Serie ohne endgültige Annotation mehr übrig.</translation>
    </message>
</context>
<context>
    <name>radlens::viewer::SliceView</name>
    <message>
        <source>reformat</source>
        <translation>Rekonstruktion</translation>
    </message>
    <message>
        <source>Slice %1/%2</source>
        <translation>Schicht %1/%2</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 mm</translation>
    </message>
    <message>
        <source>W %1 L %2</source>
        <translation>W %1 L %2</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>Zoom %1%</translation>
    </message>
    <message>
        <source>mean %1 SD %2 %3
min %4 max %5, %6 mm²</source>
        <translation>Mittel %1 SD %2 %3
Min. %4 Max. %5, %6 mm²</translation>
    </message>
    <message>
        <source>%1°</source>
        <translation>%1°</translation>
    </message>
    <message>
        <source>Slice %1/%2 (loading)</source>
        <translation>Schicht %1/%2 (wird geladen)</translation>
    </message>
</context>
</TS>
