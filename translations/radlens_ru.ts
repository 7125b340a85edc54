<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>ClassNames</name>
    <message>
        <source>Atelectasis</source>
        <translation>Ателектаз</translation>
    </message>
    <message>
        <source>Cardiomegaly</source>
        <translation>Кардиомегалия</translation>
    </message>
    <message>
        <source>Effusion</source>
        <translation>Выпот</translation>
    </message>
    <message>
        <source>Infiltration</source>
        <translation>Инфильтрация</translation>
    </message>
    <message>
        <source>Mass</source>
        <translation>Образование</translation>
    </message>
    <message>
        <source>Nodule</source>
        <translation>Узелок</translation>
    </message>
    <message>
        <source>Pneumonia</source>
        <translation>Пневмония</translation>
    </message>
    <message>
        <source>Pneumothorax</source>
        <translation>Пневмоторакс</translation>
    </message>
    <message>
        <source>Consolidation</source>
        <translation>Консолидация</translation>
    </message>
    <message>
        <source>Edema</source>
        <translation>Отёк</translation>
    </message>
    <message>
        <source>Emphysema</source>
        <translation>Эмфизема</translation>
    </message>
    <message>
        <source>Fibrosis</source>
        <translation>Фиброз</translation>
    </message>
    <message>
        <source>Pleural_Thickening</source>
        <translation>Утолщение плевры</translation>
    </message>
    <message>
        <source>Hernia</source>
        <translation>Грыжа</translation>
    </message>
    <message>
        <source>No Finding</source>
        <translation>Без патологии</translation>
    </message>
    <message>
        <source>nodule</source>
        <translation>узелок</translation>
    </message>
    <message>
        <source>mass</source>
        <translation>образование</translation>
    </message>
    <message>
        <source>consolidation</source>
        <translation>консолидация</translation>
    </message>
    <message>
        <source>lesion</source>
        <translation>очаг</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Radiology viewer</source>
        <translation>Просмотрщик медицинских изображений</translation>
    </message>
    <message>
        <source>DICOM files, folders or DICOMDIR</source>
        <translation>Файлы DICOM, папки или DICOMDIR</translation>
    </message>
    <message>
        <source>Layout: 1x1, mpr or 2x2</source>
        <translation>Раскладка: 1x1, mpr или 2x2</translation>
    </message>
    <message>
        <source>Series to show</source>
        <translation>Показать серию</translation>
    </message>
    <message>
        <source>Window centre and width</source>
        <translation>Центр и ширина окна</translation>
    </message>
    <message>
        <source>Slice to show (0-based)</source>
        <translation>Показать срез (счёт с 0)</translation>
    </message>
    <message>
        <source>Interface language: en, ru or de</source>
        <translation>Язык интерфейса: en, ru или de</translation>
    </message>
    <message>
        <source>Write a screenshot once everything has loaded</source>
        <translation>Сохранить снимок экрана, когда всё загрузится</translation>
    </message>
    <message>
        <source>Exit after the screenshot</source>
        <translation>Выйти после снимка экрана</translation>
    </message>
    <message>
        <source>Model bundle to run on the series shown (repeatable)</source>
        <translation>Пакет модели для показанной серии (можно несколько)</translation>
    </message>
    <message>
        <source>Start annotating the series shown once it has loaded</source>
        <translation>Начать разметку показанной серии после загрузки</translation>
    </message>
    <message>
        <source>Train a model from a radlens-cli train config in the background, then run it on the series shown (repeatable)</source>
        <translation>Обучить модель по конфигурации radlens-cli train в фоне и затем применить её к показанной серии (можно повторять)</translation>
    </message>
</context>
<context>
    <name>radlens::ui::AnnotationCommands</name>
    <message>
        <source>Import Mask</source>
        <translation>Импорт маски</translation>
    </message>
    <message>
        <source>Masks (*.nii *.nii.gz *.nrrd *.dcm *.json);;All files (*)</source>
        <translation>Маски (*.nii *.nii.gz *.nrrd *.dcm *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Export Mask</source>
        <translation>Экспорт маски</translation>
    </message>
    <message>
        <source>NIfTI (*.nii.gz);;DICOM SEG (*.dcm);;COCO JSON (*.json)</source>
        <translation>NIfTI (*.nii.gz);;DICOM SEG (*.dcm);;COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>Import Image Labels</source>
        <translation>Импорт меток изображения</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export Image Labels</source>
        <translation>Экспорт меток изображения</translation>
    </message>
    <message>
        <source>Open a series to annotate first.</source>
        <translation>Сначала откройте серию для разметки.</translation>
    </message>
    <message>
        <source>Cannot annotate: %1</source>
        <translation>Разметка невозможна: %1</translation>
    </message>
    <message>
        <source>Start annotating a series first (Ctrl+E).</source>
        <translation>Сначала начните разметку серии (Ctrl+E).</translation>
    </message>
    <message>
        <source>Cannot import the mask: %1</source>
        <translation>Не удалось импортировать маску: %1</translation>
    </message>
    <message>
        <source>Imported %1 (Ctrl+Z undoes it).</source>
        <translation>Импортирован %1 (Ctrl+Z отменяет).</translation>
    </message>
    <message numerus="yes">
        <source>Exported; %n hole(s) left out (COCO polygons cannot carry holes).</source>
        <translation>
            <numerusform>Экспортировано; %n отверстие пропущено (многоугольники COCO не передают отверстия).</numerusform>
            <numerusform>Экспортировано; %n отверстия пропущено (многоугольники COCO не передают отверстия).</numerusform>
            <numerusform>Экспортировано; %n отверстий пропущено (многоугольники COCO не передают отверстия).</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>Экспортирован %1.</translation>
    </message>
    <message>
        <source>Cannot export the mask: %1</source>
        <translation>Не удалось экспортировать маску: %1</translation>
    </message>
    <message>
        <source>Cannot import the labels: %1</source>
        <translation>Не удалось импортировать метки: %1</translation>
    </message>
    <message>
        <source>Image labels from %1: %2</source>
        <translation>Метки изображения из %1: %2</translation>
    </message>
    <message>
        <source>no finding</source>
        <translation>без находок</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Экспорт невозможен: %1</translation>
    </message>
    <message>
        <source>Export Annotated Dataset To</source>
        <translation>Экспорт размеченного набора в</translation>
    </message>
    <message>
        <source>Exporting the annotated dataset...</source>
        <translation>Экспорт размеченного набора...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Exporting the dataset</source>
        <translation>Экспорт набора данных</translation>
    </message>
    <message>
        <source>Cannot export the dataset: %1</source>
        <translation>Не удалось экспортировать набор: %1</translation>
    </message>
    <message>
        <source>Dataset export cancelled.</source>
        <translation>Экспорт набора данных отменён.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n annotated series to %1.</source>
        <translation>
            <numerusform>Экспортирована %n размеченная серия в %1.</numerusform>
            <numerusform>Экспортировано %n размеченные серии в %1.</numerusform>
            <numerusform>Экспортировано %n размеченных серий в %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series skipped (see README.md there).</source>
        <translation>
            <numerusform>%n серия пропущена (см. README.md там).</numerusform>
            <numerusform>%n серии пропущено (см. README.md там).</numerusform>
            <numerusform>%n серий пропущено (см. README.md там).</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the annotation</source>
        <translation>Чтение разметки</translation>
    </message>
    <message>
        <source>Export Annotated Dataset</source>
        <translation>Экспорт размеченного набора данных</translation>
    </message>
    <message>
        <source>Export the annotated series to %1?</source>
        <translation>Экспортировать размеченные серии в %1?</translation>
    </message>
    <message>
        <source>&amp;De-identify: replace series UIDs and patient IDs (DICOM PS3.15 Basic profile)</source>
        <translation>&amp;Обезличить: заменить UID серий и ID пациентов (базовый профиль DICOM PS3.15)</translation>
    </message>
</context>
<context>
    <name>radlens::ui::AnnotationEditor</name>
    <message>
        <source>Lesion</source>
        <translation>Очаг</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>пустой маски</translation>
    </message>
    <message>
        <source>version %1 (%2)</source>
        <translation>версии %1 (%2)</translation>
    </message>
    <message>
        <source>Version %1 could not be loaded: %2</source>
        <translation>Не удалось загрузить версию %1: %2</translation>
    </message>
    <message>
        <source>the AI&apos;s mask</source>
        <translation>маски ИИ</translation>
    </message>
    <message>
        <source>Annotating; started from %1.</source>
        <translation>Разметка; начато с %1.</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>Мазок кистью</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>Заливка</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>Стирание</translation>
    </message>
    <message>
        <source>Threshold paint</source>
        <translation>Пороговая кисть</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Лассо</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Многоугольник</translation>
    </message>
    <message>
        <source>Fill between slices</source>
        <translation>Заполнение между срезами</translation>
    </message>
    <message numerus="yes">
        <source>Filled %n voxel(s) between the key slices.</source>
        <translation>
            <numerusform>Заполнен %n воксель между ключевыми срезами.</numerusform>
            <numerusform>Заполнено %n вокселя между ключевыми срезами.</numerusform>
            <numerusform>Заполнено %n вокселей между ключевыми срезами.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to fill: draw the label on two slices with empty slices between.</source>
        <translation>Нечего заполнять: нарисуйте метку на двух срезах с пустыми срезами между ними.</translation>
    </message>
    <message>
        <source>Start from the AI mask</source>
        <translation>Начать с маски ИИ</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Очистить всё</translation>
    </message>
    <message>
        <source>Load version %1 of %2</source>
        <translation>Загрузка версии %1 (%2)</translation>
    </message>
    <message>
        <source>start annotating a series first</source>
        <translation>сначала начните разметку серии</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>Импорт %1</translation>
    </message>
    <message>
        <source>no row of %1 names this series</source>
        <translation>ни одна строка %1 не относится к этой серии</translation>
    </message>
    <message>
        <source>No interactive model: train one with &quot;task&quot;: &quot;interactive&quot; and activate it in the model manager, or open the viewer with --model BUNDLE.</source>
        <translation>Нет интерактивной модели: обучите её с &quot;task&quot;: &quot;interactive&quot; и активируйте в менеджере моделей или откройте просмотрщик с --model BUNDLE.</translation>
    </message>
    <message>
        <source>Cannot use the interactive model: %1</source>
        <translation>Интерактивную модель нельзя использовать: %1</translation>
    </message>
    <message>
        <source>AI click failed: %1</source>
        <translation>ИИ-клик не удался: %1</translation>
    </message>
    <message>
        <source>AI click</source>
        <translation>ИИ-клик</translation>
    </message>
    <message>
        <source>AI click (negative)</source>
        <translation>ИИ-клик (отрицательный)</translation>
    </message>
    <message>
        <source>AI click %1: %2 ms</source>
        <translation>ИИ-клик %1: %2 мс</translation>
    </message>
    <message>
        <source>Propagation failed: %1</source>
        <translation>Распространение не удалось: %1</translation>
    </message>
    <message>
        <source>Propagate</source>
        <translation>Распространить</translation>
    </message>
    <message numerus="yes">
        <source>Propagated to %n slice(s).</source>
        <translation>
            <numerusform>Распространено на %n срез.</numerusform>
            <numerusform>Распространено на %n среза.</numerusform>
            <numerusform>Распространено на %n срезов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to propagate: mark the object on this slice first (AI click or brush), then propagate.</source>
        <translation>Нечего распространять: сначала отметьте объект на этом срезе (ИИ-клик или кисть), затем распространите.</translation>
    </message>
</context>
<context>
    <name>radlens::ui::AnnotationPanel</name>
    <message>
        <source>Start Annotating</source>
        <translation>Начать разметку</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Not annotating. Open a series and press Ctrl+E.</source>
        <translation>Разметка не ведётся. Откройте серию и нажмите Ctrl+E.</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Инструмент</translation>
    </message>
    <message>
        <source>Navigate</source>
        <translation>Навигация</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Left click moves the crosshair; no editing</source>
        <translation>Левый щелчок перемещает перекрестие; без редактирования</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Кисть</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Paint the active label; [ and ] change the size</source>
        <translation>Рисовать активной меткой; [ и ] меняют размер</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Ластик</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>Erase the active label</source>
        <translation>Стирать активную метку</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Порог</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Brush that paints only values in the range below</source>
        <translation>Кисть, рисующая только значения из диапазона ниже</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Многоугольник</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Click points, then double-click or Return; drag for a lasso; Escape drops it</source>
        <translation>Щёлкайте точки, затем двойной щелчок или Enter; перетаскивание — лассо; Escape — отмена</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>Заливка</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>Fill the connected region under the click on this slice</source>
        <translation>Залить связную область под курсором на этом срезе</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> мм</translation>
    </message>
    <message>
        <source>3D sphere</source>
        <translation>3D-сфера</translation>
    </message>
    <message>
        <source>Brush radius:</source>
        <translation>Радиус кисти:</translation>
    </message>
    <message>
        <source>Threshold paint, and flood fill when ticked below: only values in this range (HU for CT)</source>
        <translation>Пороговая кисть и, если отмечено ниже, заливка: только значения из этого диапазона (HU для КТ)</translation>
    </message>
    <message>
        <source>Value range:</source>
        <translation>Диапазон значений:</translation>
    </message>
    <message>
        <source>Flood fill only within the range</source>
        <translation>Заливка только в пределах диапазона</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Кисть меньше</translation>
    </message>
    <message>
        <source>[</source>
        <translation>[</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>Кисть больше</translation>
    </message>
    <message>
        <source>]</source>
        <translation>]</translation>
    </message>
    <message>
        <source>Labels (1-9 to choose; tick to show)</source>
        <translation>Метки (1–9 — выбор; флажок — показ)</translation>
    </message>
    <message>
        <source>Add Label...</source>
        <translation>Добавить метку...</translation>
    </message>
    <message>
        <source>Add Label</source>
        <translation>Добавить метку</translation>
    </message>
    <message>
        <source>Name of the new label:</source>
        <translation>Имя новой метки:</translation>
    </message>
    <message>
        <source>A label map holds at most 255 labels.</source>
        <translation>Карта меток вмещает не более 255 меток.</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Непрозрачность</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>Метка %1</translation>
    </message>
    <message>
        <source>Whole series</source>
        <translation>Вся серия</translation>
    </message>
    <message>
        <source>Fill Between Slices</source>
        <translation>Заполнить между срезами</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Start from AI Mask</source>
        <translation>Начать с маски ИИ</translation>
    </message>
    <message>
        <source>Clear All</source>
        <translation>Очистить всё</translation>
    </message>
    <message>
        <source>Image labels</source>
        <translation>Метки изображения</translation>
    </message>
    <message>
        <source>Saved versions</source>
        <translation>Сохранённые версии</translation>
    </message>
    <message>
        <source>Save Draft</source>
        <translation>Сохранить черновик</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save as Final</source>
        <translation>Сохранить как итоговую</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Double-click a version to load it (undoable)</source>
        <translation>Двойной щелчок загружает версию (можно отменить)</translation>
    </message>
    <message>
        <source>Load Version</source>
        <translation>Загрузка версии</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>Import Mask...</source>
        <translation>Импорт маски...</translation>
    </message>
    <message>
        <source>Export Mask...</source>
        <translation>Экспорт маски...</translation>
    </message>
    <message>
        <source>Export Image Labels (CSV)...</source>
        <translation>Экспорт меток изображения (CSV)...</translation>
    </message>
    <message>
        <source>Export Annotated Dataset...</source>
        <translation>Экспорт размеченного набора...</translation>
    </message>
    <message>
        <source>Saved version %1 (%2%3) at %4.</source>
        <translation>Сохранена версия %1 (%2%3) в %4.</translation>
    </message>
    <message>
        <source>final</source>
        <translation>итоговая</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <source>, autosave</source>
        <translation>, автосохранение</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>Сохранение не удалось: %1</translation>
    </message>
    <message>
        <source>Unsaved changes (autosave follows).</source>
        <translation>Несохранённые изменения (скоро автосохранение).</translation>
    </message>
    <message>
        <source>Stop Annotating</source>
        <translation>Завершить разметку</translation>
    </message>
    <message>
        <source>%1 v%2, %3%4, %5</source>
        <translation>%1 в%2, %3%4, %5</translation>
    </message>
    <message>
        <source> (autosave)</source>
        <translation> (автосохранение)</translation>
    </message>
    <message>
        <source>Import Image Labels (CSV)...</source>
        <translation>Импорт меток изображения (CSV)...</translation>
    </message>
    <message>
        <source>AI click</source>
        <translation>ИИ-клик</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Click inside an object to segment it with the interactive model; right click or Shift+click outside to shrink it. Each click can be undone</source>
        <translation>Щёлкните внутри объекта, чтобы сегментировать его интерактивной моделью; правый щелчок или Shift+щелчок снаружи уменьшает его. Каждый щелчок можно отменить</translation>
    </message>
    <message>
        <source>AI click model:</source>
        <translation>Модель ИИ-клика:</translation>
    </message>
    <message>
        <source>AI click may paint over other labels</source>
        <translation>ИИ-клик может закрашивать другие метки</translation>
    </message>
    <message>
        <source>Propagate</source>
        <translation>Распространить</translation>
    </message>
    <message>
        <source>Shift+K</source>
        <translation>Shift+K</translation>
    </message>
    <message>
        <source>Propagate (Shift+K): carry the active label&apos;s object on this slice through the neighbouring slices with the interactive model, until it ends</source>
        <translation>Распространить (Shift+K): перенести объект активной метки с этого среза на соседние срезы интерактивной моделью, пока он не закончится</translation>
    </message>
    <message>
        <source>Propagating through the slices...</source>
        <translation>Распространение по срезам...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>none (train or activate an interactive model)</source>
        <translation>нет (обучите или активируйте интерактивную модель)</translation>
    </message>
    <message>
        <source>unusable: %1</source>
        <translation>непригодна: %1</translation>
    </message>
</context>
<context>
    <name>radlens::ui::BackgroundTraining</name>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: не удаётся прочитать: %2</translation>
    </message>
    <message>
        <source>%1: not a training config: %2</source>
        <translation>%1: это не конфигурация обучения: %2</translation>
    </message>
    <message>
        <source>less than a minute left</source>
        <translation>осталось меньше минуты</translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>осталось около %n мин</numerusform>
            <numerusform>осталось около %n мин</numerusform>
            <numerusform>осталось около %n мин</numerusform>
        </translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation>Обучение %1</translation>
    </message>
    <message>
        <source>Training %1 (%2 of %3)</source>
        <translation>Обучение %1 (%2 из %3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>resuming</source>
        <translation>продолжение</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>запуск</translation>
    </message>
    <message>
        <source>epoch %1 of %2</source>
        <translation>эпоха %1 из %2</translation>
    </message>
    <message>
        <source>epoch %1 of %2, %3</source>
        <translation>эпоха %1 из %2, %3</translation>
    </message>
</context>
<context>
    <name>radlens::ui::FindingsPanel</name>
    <message>
        <source>demo model - synthetic data - not for clinical use</source>
        <translation>демо-модель — синтетические данные — не для клинического применения</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Findings per image</source>
        <translation>Находки на снимке</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Непрозрачность тепловой карты</translation>
    </message>
    <message>
        <source>low</source>
        <translation>низко</translation>
    </message>
    <message>
        <source>high</source>
        <translation>высоко</translation>
    </message>
    <message>
        <source>&amp;Heatmap:</source>
        <translation>&amp;Тепловая карта:</translation>
    </message>
    <message>
        <source>&amp;Opacity:</source>
        <translation>&amp;Непрозрачность:</translation>
    </message>
    <message>
        <source>Lesions</source>
        <translation>Очаги</translation>
    </message>
    <message>
        <source>&amp;Outline only</source>
        <translation>Только &amp;контур</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Метка</translation>
    </message>
    <message>
        <source>Volume (mL)</source>
        <translation>Объём (мл)</translation>
    </message>
    <message>
        <source>Diameter (mm)</source>
        <translation>Диаметр (мм)</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Срез</translation>
    </message>
    <message>
        <source>Click a lesion to show it</source>
        <translation>Щёлкните очаг, чтобы показать его</translation>
    </message>
    <message>
        <source>O&amp;pacity:</source>
        <translation>&amp;Непрозрачность:</translation>
    </message>
    <message>
        <source>Open a series to see the models&apos; findings.</source>
        <translation>Откройте серию, чтобы увидеть находки моделей.</translation>
    </message>
    <message>
        <source>Computing: %1</source>
        <translation>Вычисление: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2, version %3</source>
        <translation>%1: %2, версия %3</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Классификатор</translation>
    </message>
    <message>
        <source>Segmenter</source>
        <translation>Сегментатор</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message numerus="yes">
        <source>Findings per image: %n flagged</source>
        <translation>
            <numerusform>Находки на снимке: отмечена %n</numerusform>
            <numerusform>Находки на снимке: отмечено %n</numerusform>
            <numerusform>Находки на снимке: отмечено %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Findings per image: none flagged</source>
        <translation>Находки на снимке: ничего не отмечено</translation>
    </message>
    <message numerus="yes">
        <source>Lesions: %n found</source>
        <translation>
            <numerusform>Очаги: найден %n</numerusform>
            <numerusform>Очаги: найдено %n</numerusform>
            <numerusform>Очаги: найдено %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Your review</source>
        <translation>Ваша оценка</translation>
    </message>
    <message>
        <source>Acce&amp;pt</source>
        <translation>&amp;Принять</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Отклонить</translation>
    </message>
    <message>
        <source>Lesion %1</source>
        <translation>Очаг %1</translation>
    </message>
    <message>
        <source>%1: %2 by %3, %4</source>
        <translation>%1: %2, %3, %4</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>принято</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отклонено</translation>
    </message>
    <message>
        <source>%1 (score %2, cut-off %3)</source>
        <translation>%1 (оценка %2, порог %3)</translation>
    </message>
    <message>
        <source>Outside what this model was trained on: %1. Its findings may not hold.</source>
        <translation>Вне того, на чём обучалась модель: %1. Её находкам может быть нельзя доверять.</translation>
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
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Open &amp;Folder...</source>
        <translation>Открыть &amp;папку...</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Open F&amp;iles...</source>
        <translation>Открыть &amp;файлы...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Настройки...</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
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
        <translation>МПР</translation>
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
        <translation>Инверсия</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Вписать</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сброс</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Расстояние</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>&amp;AI</source>
        <translation>&amp;ИИ</translation>
    </message>
    <message>
        <source>&amp;Train a Model...</source>
        <translation>&amp;Обучить модель...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>Slice (wheel, Up/Down, PageUp/PageDown)</source>
        <translation>Срез (колесо, Вверх/Вниз, PageUp/PageDown)</translation>
    </message>
    <message>
        <source>Open a DICOM file or folder (File &gt; Open)</source>
        <translation>Откройте файл или папку DICOM (Файл &gt; Открыть)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Open a folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>Открыть файлы</translation>
    </message>
    <message>
        <source>Wheel, Up, Down</source>
        <translation>Колесо, Вверх, Вниз</translation>
    </message>
    <message>
        <source>Next / previous slice</source>
        <translation>Следующий / предыдущий срез</translation>
    </message>
    <message>
        <source>PageUp, PageDown</source>
        <translation>PageUp, PageDown</translation>
    </message>
    <message>
        <source>Ten slices at a time</source>
        <translation>По десять срезов</translation>
    </message>
    <message>
        <source>Home, End</source>
        <translation>Home, End</translation>
    </message>
    <message>
        <source>First / last slice</source>
        <translation>Первый / последний срез</translation>
    </message>
    <message>
        <source>Right-drag</source>
        <translation>Перетаскивание правой кнопкой</translation>
    </message>
    <message>
        <source>Window/level</source>
        <translation>Окно/уровень</translation>
    </message>
    <message>
        <source>Middle-drag, Shift+left-drag</source>
        <translation>Перетаскивание средней кнопкой, Shift+левой</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Сдвиг</translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation>Ctrl+колесо</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Масштаб</translation>
    </message>
    <message>
        <source>Left click (MPR)</source>
        <translation>Щелчок левой кнопкой (МПР)</translation>
    </message>
    <message>
        <source>Move the crosshair</source>
        <translation>Переместить перекрестие</translation>
    </message>
    <message>
        <source>Distance tool on/off</source>
        <translation>Измерение расстояния вкл/выкл</translation>
    </message>
    <message>
        <source>Invert grey levels</source>
        <translation>Инвертировать оттенки серого</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Вписать в окно</translation>
    </message>
    <message>
        <source>Reset the view</source>
        <translation>Сбросить вид</translation>
    </message>
    <message>
        <source>Train a model (wizard)</source>
        <translation>Обучить модель (мастер)</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>Этот список</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Open DICOM folder</source>
        <translation>Открыть папку DICOM</translation>
    </message>
    <message>
        <source>Open DICOM files</source>
        <translation>Открыть файлы DICOM</translation>
    </message>
    <message>
        <source>&amp;Analyse This Series</source>
        <translation>&amp;Анализировать эту серию</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Находки</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Cannot show the overlay: %1</source>
        <translation>Не удалось показать наложение: %1</translation>
    </message>
    <message>
        <source>Analyse this series with the models</source>
        <translation>Анализировать серию моделями</translation>
    </message>
    <message>
        <source>Show or hide the findings</source>
        <translation>Показать или скрыть находки</translation>
    </message>
    <message>
        <source>&amp;Models...</source>
        <translation>&amp;Модели...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>Models: install, activate, roll back, remove</source>
        <translation>Модели: установка, активация, откат, удаление</translation>
    </message>
    <message>
        <source>&amp;Import Segmentation (DICOM SEG)...</source>
        <translation>&amp;Импорт сегментации (DICOM SEG)...</translation>
    </message>
    <message>
        <source>Import a DICOM segmentation</source>
        <translation>Импорт сегментации DICOM</translation>
    </message>
    <message>
        <source>DICOM (*.dcm);;All files (*)</source>
        <translation>DICOM (*.dcm);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Cannot import: %1</source>
        <translation>Не удалось импортировать: %1</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>Рабочий список</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>Show or hide the worklist</source>
        <translation>Показать или скрыть рабочий список</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Открыть &amp;недавние</translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation>&amp;Очистить список</translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation>Разметка</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
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
        <translation>Р&amp;азметка</translation>
    </message>
    <message>
        <source>Saving the annotation failed: %1</source>
        <translation>Не удалось сохранить разметку: %1</translation>
    </message>
    <message>
        <source>Rectangle ROI</source>
        <translation>Прямоугольная ROI</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>Ellipse ROI</source>
        <translation>Эллиптическая ROI</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>Угол</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Measured: %1</source>
        <translation>Измерено: %1</translation>
    </message>
    <message>
        <source>Angle: drag the first arm to the vertex, click the second&apos;s end</source>
        <translation>Угол: протяните первый луч до вершины, щёлкните конец второго</translation>
    </message>
    <message>
        <source>Cine</source>
        <translation>Кино</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Play the slices or frames in a loop (C)</source>
        <translation>Проигрывать срезы или кадры по кругу (C)</translation>
    </message>
    <message>
        <source>Click a measurement</source>
        <translation>Щелчок по измерению</translation>
    </message>
    <message>
        <source>Select it</source>
        <translation>Выделить его</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Remove the selected measurement, else the last</source>
        <translation>Удалить выделенное измерение, иначе последнее</translation>
    </message>
    <message>
        <source>Ctrl+Z (in a view)</source>
        <translation>Ctrl+Z (в окне снимка)</translation>
    </message>
    <message>
        <source>Undo the last measurement added or removed</source>
        <translation>Отменить последнее добавление или удаление измерения</translation>
    </message>
    <message>
        <source>Cine: play the slices or frames in a loop; again to stop</source>
        <translation>Кино: проигрывать срезы или кадры по кругу; повторно — остановить</translation>
    </message>
    <message>
        <source>Cleaning up</source>
        <translation>Очистка</translation>
    </message>
    <message>
        <source>Show or hide the annotation tools</source>
        <translation>Показать или скрыть инструменты разметки</translation>
    </message>
    <message>
        <source>Export Findings as DICOM SR</source>
        <translation>Экспорт находок в DICOM SR</translation>
    </message>
    <message>
        <source>Export Findings as DICOM SEG</source>
        <translation>Экспорт находок в DICOM SEG</translation>
    </message>
    <message>
        <source>DICOM (*.dcm)</source>
        <translation>DICOM (*.dcm)</translation>
    </message>
    <message>
        <source>Undo the last annotation step</source>
        <translation>Отменить последний шаг разметки</translation>
    </message>
    <message>
        <source>Redo it</source>
        <translation>Повторить его</translation>
    </message>
    <message>
        <source>Export Findings as DICOM &amp;SEG...</source>
        <translation>Экспорт находок в DICOM &amp;SEG...</translation>
    </message>
    <message>
        <source>Export Findings as DICOM S&amp;R...</source>
        <translation>Экспорт находок в DICOM S&amp;R...</translation>
    </message>
    <message>
        <source>Layout 1x1</source>
        <translation>Раскладка 1x1</translation>
    </message>
    <message>
        <source>Layout MPR</source>
        <translation>Раскладка MPR</translation>
    </message>
    <message>
        <source>Layout 2x2</source>
        <translation>Раскладка 2x2</translation>
    </message>
    <message>
        <source>Rectangle ROI: mean, SD, min, max, area</source>
        <translation>Прямоугольная ROI: среднее, SD, мин., макс., площадь</translation>
    </message>
    <message>
        <source>Ellipse ROI: mean, SD, min, max, area</source>
        <translation>Эллиптическая ROI: среднее, SD, мин., макс., площадь</translation>
    </message>
    <message>
        <source>&amp;Query/Retrieve...</source>
        <translation>&amp;Запрос/получение...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q</source>
        <translation>Ctrl+Shift+Q</translation>
    </message>
    <message>
        <source>Search a PACS or DICOMweb node, retrieve and send</source>
        <translation>Поиск в узле PACS или DICOMweb, получение и отправка</translation>
    </message>
    <message>
        <source>Receiving as %1 on port %2</source>
        <translation>Приём как %1 на порту %2</translation>
    </message>
    <message>
        <source>Not receiving</source>
        <translation>Приём выключен</translation>
    </message>
    <message>
        <source>Model ready: %1</source>
        <translation>Модель готова: %1</translation>
    </message>
    <message>
        <source>Training %1 failed: %2</source>
        <translation>Обучение %1 не удалось: %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ModelCompareDialog</name>
    <message>
        <source>Compare model versions</source>
        <translation>Сравнение версий модели</translation>
    </message>
    <message>
        <source>Comparing on the new version&apos;s validation cases...</source>
        <translation>Сравнение на проверочных случаях новой версии...</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Отмена</translation>
    </message>
    <message>
        <source>&amp;Activate B</source>
        <translation>&amp;Активировать B</translation>
    </message>
    <message>
        <source>Where they disagree most (choose one to see it):</source>
        <translation>Где они расходятся сильнее всего (выберите, чтобы увидеть):</translation>
    </message>
    <message>
        <source>Comparing models</source>
        <translation>Сравнение моделей</translation>
    </message>
    <message>
        <source>Comparison cancelled.</source>
        <translation>Сравнение отменено.</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Невозможно сравнить: %1</translation>
    </message>
    <message numerus="yes">
        <source>A: %1 version %2 (active). B: %3 version %4. %n case(s) of B&apos;s validation patients.</source>
        <translation>
            <numerusform>A: %1 версии %2 (активна). B: %3 версии %4. %n случай проверочных пациентов B.</numerusform>
            <numerusform>A: %1 версии %2 (активна). B: %3 версии %4. %n случая проверочных пациентов B.</numerusform>
            <numerusform>A: %1 версии %2 (активна). B: %3 версии %4. %n случаев проверочных пациентов B.</numerusform>
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
        <translation>B - A (95% ДИ)</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>Sens./spec. A</source>
        <translation>Чувств./спец. A</translation>
    </message>
    <message>
        <source>Sens./spec. B</source>
        <translation>Чувств./спец. B</translation>
    </message>
    <message>
        <source>%1 (%2): A %3, B %4</source>
        <translation>%1 (%2): A %3, B %4</translation>
    </message>
    <message>
        <source>Cannot show it: %1</source>
        <translation>Невозможно показать: %1</translation>
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
        <translation>Модели</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активна</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Установлена</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Обучающие данные</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Расположение</translation>
    </message>
    <message>
        <source>Install &amp;Folder...</source>
        <translation>Установить из &amp;папки...</translation>
    </message>
    <message>
        <source>Install &amp;Zip...</source>
        <translation>Установить из &amp;zip...</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>&amp;Активировать</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Убрать</translation>
    </message>
    <message>
        <source>Each task (classify, segment) has one active model; earlier versions stay installed, so activating one rolls back.</source>
        <translation>У каждой задачи (классификация, сегментация) одна активная модель; прежние версии остаются установленными, и активация одной из них — это откат.</translation>
    </message>
    <message>
        <source>Model bundle folder</source>
        <translation>Папка пакета модели</translation>
    </message>
    <message>
        <source>Model bundle</source>
        <translation>Пакет модели</translation>
    </message>
    <message>
        <source>Model bundles (*.zip)</source>
        <translation>Пакеты моделей (*.zip)</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Удаление модели</translation>
    </message>
    <message>
        <source>Remove %1 version %2 from the list? Its files stay.</source>
        <translation>Убрать %1 версии %2 из списка? Файлы останутся.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>SYNTHETIC (demo, not for clinical use)</source>
        <translation>СИНТЕТИЧЕСКИЕ (демо, не для клинического применения)</translation>
    </message>
    <message>
        <source>local</source>
        <translation>локальные</translation>
    </message>
    <message>
        <source>The model registry cannot be read: %1</source>
        <translation>Не удалось прочитать реестр моделей: %1</translation>
    </message>
    <message>
        <source>Installed %1 version %2 (%3). Activate it to use it.</source>
        <translation>Установлена %1 версии %2 (%3). Активируйте её, чтобы использовать.</translation>
    </message>
    <message>
        <source>Cannot install %1: %2</source>
        <translation>Не удалось установить %1: %2</translation>
    </message>
    <message>
        <source>Active for %1: %2 version %3.</source>
        <translation>Активна для %1: %2 версии %3.</translation>
    </message>
    <message>
        <source>Cannot activate: %1</source>
        <translation>Не удалось активировать: %1</translation>
    </message>
    <message>
        <source>Cannot remove: %1</source>
        <translation>Не удалось удалить: %1</translation>
    </message>
    <message>
        <source>&amp;Compare with Active...</source>
        <translation>&amp;Сравнить с активной...</translation>
    </message>
</context>
<context>
    <name>radlens::ui::NetworkPreferences</name>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Our AE title</source>
        <translation>Наш AE-титул</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>&amp;Добавить...</translation>
    </message>
    <message>
        <source>&amp;Edit...</source>
        <translation>&amp;Изменить...</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <source>The same list as `radlens-cli node`. Passwords and tokens stay in the files named here; Radlens reads them when it connects.</source>
        <translation>Тот же список, что и `radlens-cli node`. Пароли и токены остаются в указанных здесь файлах; Radlens читает их при подключении.</translation>
    </message>
    <message>
        <source>Cannot read the node list: %1</source>
        <translation>Не удаётся прочитать список узлов: %1</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>Remove Node</source>
        <translation>Удалить узел</translation>
    </message>
    <message>
        <source>Remove the node %1?</source>
        <translation>Удалить узел %1?</translation>
    </message>
    <message>
        <source>Select a node to test.</source>
        <translation>Выберите узел для проверки.</translation>
    </message>
    <message>
        <source>Testing %1...</source>
        <translation>Проверка %1...</translation>
    </message>
    <message>
        <source>Testing a node</source>
        <translation>Проверка узла</translation>
    </message>
    <message>
        <source>%1 answered in %2 ms.</source>
        <translation>%1 ответил за %2 мс.</translation>
    </message>
    <message>
        <source>%1 did not answer: %2</source>
        <translation>%1 не ответил: %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::NodeEditDialog</name>
    <message>
        <source>Choose a file</source>
        <translation>Выбрать файл</translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation>Добавить узел</translation>
    </message>
    <message>
        <source>Edit Node</source>
        <translation>Изменить узел</translation>
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
        <translation>Нет</translation>
    </message>
    <message>
        <source>Yes (DICOM TLS)</source>
        <translation>Да (DICOM TLS)</translation>
    </message>
    <message>
        <source>Its AE &amp;title:</source>
        <translation>Его AE-&amp;титул:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Хост:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Порт:</translation>
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
        <translation>Файл пароля</translation>
    </message>
    <message>
        <source>A file whose first line is the password; it is read when connecting and never shown</source>
        <translation>Файл, первая строка которого — пароль; он читается при подключении и никогда не показывается</translation>
    </message>
    <message>
        <source>Token File</source>
        <translation>Файл токена</translation>
    </message>
    <message>
        <source>Service &amp;URL:</source>
        <translation>&amp;URL службы:</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>По&amp;льзователь:</translation>
    </message>
    <message>
        <source>Pass&amp;word file:</source>
        <translation>Файл па&amp;роля:</translation>
    </message>
    <message>
        <source>Bearer to&amp;ken file:</source>
        <translation>Файл bearer-то&amp;кена:</translation>
    </message>
    <message>
        <source>CA Certificates (PEM)</source>
        <translation>Сертификаты ЦС (PEM)</translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation>системные</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>П&amp;ротокол:</translation>
    </message>
    <message>
        <source>&amp;Our AE title:</source>
        <translation>&amp;Наш AE-титул:</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>Файл &amp;ЦС:</translation>
    </message>
    <message>
        <source>T&amp;imeout:</source>
        <translation>&amp;Тайм-аут:</translation>
    </message>
    <message>
        <source>A password file needs a user.</source>
        <translation>Для файла пароля нужен пользователь.</translation>
    </message>
    <message>
        <source>Give either a user and password file or a token file.</source>
        <translation>Укажите либо пользователя и файл пароля, либо файл токена.</translation>
    </message>
    <message>
        <source>C-GET</source>
        <translation>C-GET</translation>
    </message>
    <message>
        <source>C-MOVE to us</source>
        <translation>C-MOVE к нам</translation>
    </message>
    <message>
        <source>C-MOVE needs the node to know our AE title, this computer and the port</source>
        <translation>Для C-MOVE узел должен знать наш AE-титул, этот компьютер и порт</translation>
    </message>
    <message>
        <source>Retrieve &amp;with:</source>
        <translation>Получать &amp;через:</translation>
    </message>
    <message>
        <source>Our &amp;listening port:</source>
        <translation>Наш &amp;порт приёма:</translation>
    </message>
</context>
<context>
    <name>radlens::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>A new language takes effect when Radlens starts again.</source>
        <translation>Новый язык будет применён при следующем запуске Radlens.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>&amp;Annotator name:</source>
        <translation>&amp;Имя аннотатора:</translation>
    </message>
    <message>
        <source>Run the active &amp;models on every series opened</source>
        <translation>Запускать активные &amp;модели на каждой открытой серии</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Общие</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>&amp;Сеть</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ProbabilityBars</name>
    <message>
        <source>%1: %2 % (threshold %3 %)</source>
        <translation>%1: %2 % (порог %3 %)</translation>
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
        <translation>Запрос/получение</translation>
    </message>
    <message>
        <source>&amp;Nodes...</source>
        <translation>&amp;Узлы...</translation>
    </message>
    <message>
        <source>any; * and ? match</source>
        <translation>любой; * и ? — шаблоны</translation>
    </message>
    <message>
        <source>any; * and ? match, e.g. DOE^J*</source>
        <translation>любой; * и ? — шаблоны, напр. IVANOV^I*</translation>
    </message>
    <message>
        <source>any</source>
        <translation>любой</translation>
    </message>
    <message>
        <source>YYYYMMDD or YYYYMMDD-YYYYMMDD</source>
        <translation>ГГГГММДД или ГГГГММДД-ГГГГММДД</translation>
    </message>
    <message>
        <source>CT, MR, CR, DX...</source>
        <translation>CT, MR, CR, DX...</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Найти</translation>
    </message>
    <message>
        <source>N&amp;ode:</source>
        <translation>У&amp;зел:</translation>
    </message>
    <message>
        <source>Patient &amp;ID:</source>
        <translation>&amp;ID пациента:</translation>
    </message>
    <message>
        <source>Patient na&amp;me:</source>
        <translation>Им&amp;я пациента:</translation>
    </message>
    <message>
        <source>&amp;Accession:</source>
        <translation>&amp;Номер заявки:</translation>
    </message>
    <message>
        <source>Study &amp;date:</source>
        <translation>&amp;Дата исследования:</translation>
    </message>
    <message>
        <source>Mo&amp;dality:</source>
        <translation>&amp;Модальность:</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Пациент</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>ID пациента</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Accession / number</source>
        <translation>Заявка / номер</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Изображения</translation>
    </message>
    <message>
        <source>&amp;Retrieve</source>
        <translation>&amp;Получить</translation>
    </message>
    <message>
        <source>Retrieve the selected studies or series into the local store (Ctrl+R)</source>
        <translation>Получить выбранные исследования или серии в локальное хранилище (Ctrl+R)</translation>
    </message>
    <message>
        <source>Retrieve and &amp;Open</source>
        <translation>Получить и о&amp;ткрыть</translation>
    </message>
    <message>
        <source>Retrieve and show the first series as soon as its first image arrives (Ctrl+Shift+R)</source>
        <translation>Получить и показать первую серию, как только придёт её первое изображение (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>О&amp;тправить</translation>
    </message>
    <message>
        <source>The Series on Screen</source>
        <translation>Серию на экране</translation>
    </message>
    <message>
        <source>Its Segmentation as DICOM SEG</source>
        <translation>Её сегментацию как DICOM SEG</translation>
    </message>
    <message>
        <source>Its Findings as DICOM SR</source>
        <translation>Её находки как DICOM SR</translation>
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
        <translation>От&amp;менить передачу</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Пов&amp;торить</translation>
    </message>
    <message>
        <source>Run a failed or cancelled transfer again; a retrieval resumes</source>
        <translation>Запустить неудавшуюся или отменённую передачу снова; получение продолжится</translation>
    </message>
    <message>
        <source>C&amp;lear Finished</source>
        <translation>О&amp;чистить завершённые</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Передачи</translation>
    </message>
    <message>
        <source>Cannot read the node list: %1</source>
        <translation>Не удаётся прочитать список узлов: %1</translation>
    </message>
    <message>
        <source>No node is configured: press Nodes... to add one.</source>
        <translation>Узлы не настроены: нажмите «Узлы...», чтобы добавить.</translation>
    </message>
    <message>
        <source>Choose a node first (Nodes... adds one).</source>
        <translation>Сначала выберите узел («Узлы...» добавляет его).</translation>
    </message>
    <message>
        <source>The study date must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.</source>
        <translation>Дата исследования должна быть ГГГГММДД или диапазоном ГГГГММДД-ГГГГММДД.</translation>
    </message>
    <message>
        <source>Searching %1...</source>
        <translation>Поиск в %1...</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Поиск</translation>
    </message>
    <message numerus="yes">
        <source>%n study(ies) found.</source>
        <translation>
            <numerusform>Найдено %n исследование.</numerusform>
            <numerusform>Найдено %n исследования.</numerusform>
            <numerusform>Найдено %n исследований.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Поиск не удался: %1</translation>
    </message>
    <message>
        <source>Loading series...</source>
        <translation>Загрузка серий...</translation>
    </message>
    <message>
        <source>Listing series</source>
        <translation>Список серий</translation>
    </message>
    <message>
        <source>Cannot list the series: %1</source>
        <translation>Не удаётся получить список серий: %1</translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Серия %1</translation>
    </message>
    <message>
        <source>Select a study or series to retrieve.</source>
        <translation>Выберите исследование или серию для получения.</translation>
    </message>
    <message numerus="yes">
        <source>%n retrieval(s) queued.</source>
        <translation>
            <numerusform>В очередь поставлено %n получение.</numerusform>
            <numerusform>В очередь поставлено %n получения.</numerusform>
            <numerusform>В очередь поставлено %n получений.</numerusform>
        </translation>
    </message>
    <message>
        <source>No series is on screen.</source>
        <translation>На экране нет серии.</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 (%n image(s))</source>
        <translation>
            <numerusform>%1, %2 (%n изображение)</numerusform>
            <numerusform>%1, %2 (%n изображения)</numerusform>
            <numerusform>%1, %2 (%n изображений)</numerusform>
        </translation>
    </message>
    <message>
        <source>findings as DICOM SR</source>
        <translation>находки как DICOM SR</translation>
    </message>
    <message>
        <source>segmentation as DICOM SEG</source>
        <translation>сегментация как DICOM SEG</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ReceivePreferences</name>
    <message>
        <source>Receive studies</source>
        <translation>Приём исследований</translation>
    </message>
    <message>
        <source>Receive studies sent to Radlens and analyse them</source>
        <translation>Принимать исследования, отправленные в Radlens, и анализировать их</translation>
    </message>
    <message>
        <source>any (e.g. PACS,CT1)</source>
        <translation>любые (например, PACS,CT1)</translation>
    </message>
    <message>
        <source>Calling AE titles allowed to send, separated by commas; empty allows any. Others are refused at association.</source>
        <translation>AE-заголовки отправителей, которым разрешено отправлять, через запятую; пусто — любые. Остальным отказывается при установлении ассоциации.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>A series is complete, and analysed, when nothing of it has arrived for this long.</source>
        <translation>Серия считается полной и анализируется, когда из неё ничего не поступало в течение этого времени.</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>При&amp;менить</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <source>Our AE title:</source>
        <translation>Наш AE-заголовок:</translation>
    </message>
    <message>
        <source>Allowed senders:</source>
        <translation>Разрешённые отправители:</translation>
    </message>
    <message>
        <source>Series complete after:</source>
        <translation>Серия полна через:</translation>
    </message>
    <message>
        <source>Not available here</source>
        <translation>Здесь недоступно</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ReceivingNode</name>
    <message>
        <source>Our AE title: %1</source>
        <translation>Наш AE-заголовок: %1</translation>
    </message>
    <message>
        <source>Allowed AE titles: %1</source>
        <translation>Разрешённые AE-заголовки: %1</translation>
    </message>
    <message>
        <source>The port must be 1 to 65535.</source>
        <translation>Порт должен быть от 1 до 65535.</translation>
    </message>
    <message>
        <source>The quiet time must be 0.1 to 3600 seconds.</source>
        <translation>Время тишины должно быть от 0,1 до 3600 секунд.</translation>
    </message>
    <message>
        <source>Receiving series %1 from %2</source>
        <translation>Приём серии %1 от %2</translation>
    </message>
    <message>
        <source>Refused an instance: %1</source>
        <translation>Объект отклонён: %1</translation>
    </message>
    <message>
        <source>Refused an association from %1: not an allowed AE title</source>
        <translation>Отклонена ассоциация от %1: AE-заголовок не разрешён</translation>
    </message>
    <message>
        <source>Cannot receive: %1</source>
        <translation>Приём невозможен: %1</translation>
    </message>
    <message>
        <source>Listening as %1 on port %2</source>
        <translation>Ожидание как %1 на порту %2</translation>
    </message>
    <message>
        <source>Stopped listening</source>
        <translation>Приём остановлен</translation>
    </message>
    <message>
        <source>The models cannot run: %1</source>
        <translation>Модели не могут работать: %1</translation>
    </message>
    <message>
        <source>%1 could not analyse series %2: %3</source>
        <translation>%1 не смогла проанализировать серию %2: %3</translation>
    </message>
    <message>
        <source>Series %1 was analysed by %2 before</source>
        <translation>Серия %1 уже была проанализирована моделью %2</translation>
    </message>
    <message>
        <source>%1 analysed series %2: nothing flagged</source>
        <translation>%1 проанализировала серию %2: ничего не отмечено</translation>
    </message>
    <message>
        <source>%1 analysed series %2: %3</source>
        <translation>%1 проанализировала серию %2: %3</translation>
    </message>
    <message>
        <source>Series %1: %2</source>
        <translation>Серия %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Series %1 complete: %n instance(s)</source>
        <translation>
            <numerusform>Серия %1 полна: %n объект</numerusform>
            <numerusform>Серия %1 полна: %n объекта</numerusform>
            <numerusform>Серия %1 полна: %n объектов</numerusform>
        </translation>
    </message>
    <message>
        <source>No active model: series %1 is not analysed</source>
        <translation>Нет активной модели: серия %1 не анализируется</translation>
    </message>
    <message numerus="yes">
        <source>Taking up %n series received before and not analysed</source>
        <translation>
            <numerusform>Продолжается анализ %n ранее принятой серии</numerusform>
            <numerusform>Продолжается анализ %n ранее принятых серий</numerusform>
            <numerusform>Продолжается анализ %n ранее принятых серий</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading received series</source>
        <translation>Чтение принятых серий</translation>
    </message>
    <message numerus="yes">
        <source>Listening as %1 on port %2: %n instance(s) received</source>
        <translation>
            <numerusform>Ожидание как %1 на порту %2: принят %n объект</numerusform>
            <numerusform>Ожидание как %1 на порту %2: принято %n объекта</numerusform>
            <numerusform>Ожидание как %1 на порту %2: принято %n объектов</numerusform>
        </translation>
    </message>
    <message>
        <source>Not receiving: %1</source>
        <translation>Приём не идёт: %1</translation>
    </message>
    <message>
        <source>Not receiving</source>
        <translation>Приём выключен</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ReliabilityDiagram</name>
    <message>
        <source>Reliability: fraction of positives against the predicted probability, before (grey) and after (blue) calibration. On the diagonal, a probability means what it says.</source>
        <translation>Надёжность: доля положительных случаев против предсказанной вероятности, до (серый) и после (синий) калибровки. На диагонали вероятность значит то, что говорит.</translation>
    </message>
    <message>
        <source>predicted probability</source>
        <translation>предсказанная вероятность</translation>
    </message>
    <message>
        <source>grey: before, blue: after</source>
        <translation>серый: до, синий: после</translation>
    </message>
</context>
<context>
    <name>radlens::ui::RemoteTransfers</name>
    <message>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) failed</source>
        <translation>
            <numerusform>%n экземпляр не удался</numerusform>
            <numerusform>%n экземпляра не удались</numerusform>
            <numerusform>%n экземпляров не удались</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled; Retry resumes</source>
        <translation>Отменено; «Повторить» продолжит</translation>
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
        <translation>(без описания)</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>№%1 %2</translation>
    </message>
    <message>
        <source>Patient / Study / Series</source>
        <translation>Пациент / Исследование / Серия</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Модальность</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Снимки</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
</context>
<context>
    <name>radlens::ui::StudySession</name>
    <message numerus="yes">
        <source>Scanning %n path(s)...</source>
        <translation>
            <numerusform>Сканирование %n пути...</numerusform>
            <numerusform>Сканирование %n путей...</numerusform>
            <numerusform>Сканирование %n путей...</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>Сканирование</translation>
    </message>
    <message>
        <source>Scanning: %1 of %2 files</source>
        <translation>Сканирование: %1 из %2 файлов</translation>
    </message>
    <message>
        <source>Cannot scan: %1</source>
        <translation>Не удаётся просканировать: %1</translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>Сканирование отменено.</translation>
    </message>
    <message>
        <source>Reading the database</source>
        <translation>Чтение базы данных</translation>
    </message>
    <message>
        <source>The files of this series are gone.</source>
        <translation>Файлы этой серии больше не существуют.</translation>
    </message>
    <message numerus="yes">
        <source>%n series found</source>
        <translation>
            <numerusform>Найдена %n серия</numerusform>
            <numerusform>Найдено %n серии</numerusform>
            <numerusform>Найдено %n серий</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n file(s) skipped</source>
        <translation>
            <numerusform>, пропущен %n файл</numerusform>
            <numerusform>, пропущено %n файла</numerusform>
            <numerusform>, пропущено %n файлов</numerusform>
        </translation>
    </message>
    <message>
        <source>Thumbnails</source>
        <translation>Миниатюры</translation>
    </message>
    <message>
        <source>Loading the series...</source>
        <translation>Загрузка серии...</translation>
    </message>
    <message>
        <source>Loading series %1...</source>
        <translation>Загрузка серии %1...</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>Загрузка</translation>
    </message>
    <message>
        <source>Loading: %1 of %2 images</source>
        <translation>Загрузка: %1 из %2 снимков</translation>
    </message>
    <message>
        <source>Cannot load this series: %1</source>
        <translation>Не удалось загрузить серию: %1</translation>
    </message>
    <message>
        <source>Series loaded: %1 x %2 x %3</source>
        <translation>Серия загружена: %1 x %2 x %3</translation>
    </message>
    <message>
        <source>Analysis on demand: AI &gt; Analyse This Series (Ctrl+Shift+A).</source>
        <translation>Анализ по запросу: ИИ &gt; Анализировать эту серию (Ctrl+Shift+A).</translation>
    </message>
    <message>
        <source>Reading the models</source>
        <translation>Чтение моделей</translation>
    </message>
    <message numerus="yes">
        <source>Installing %n model(s)...</source>
        <translation>
            <numerusform>Установка %n модели...</numerusform>
            <numerusform>Установка %n моделей...</numerusform>
            <numerusform>Установка %n моделей...</numerusform>
        </translation>
    </message>
    <message>
        <source>Installing models</source>
        <translation>Установка моделей</translation>
    </message>
    <message>
        <source>Installed model %1 version %2 (%3); it is not active yet.</source>
        <translation>Установлена модель %1, версия %2 (%3); она пока не активна.</translation>
    </message>
    <message>
        <source>Cannot install %1: %2</source>
        <translation>Не удалось установить %1: %2</translation>
    </message>
    <message>
        <source>Open a series to see the models&apos; findings.</source>
        <translation>Откройте серию, чтобы увидеть находки моделей.</translation>
    </message>
    <message>
        <source>The model registry cannot be read: %1</source>
        <translation>Не удалось прочитать реестр моделей: %1</translation>
    </message>
    <message>
        <source>No active model. Train one (AI &gt; Train a Model) or open a model bundle (*.radlens.zip).</source>
        <translation>Нет активной модели. Обучите её (ИИ &gt; Обучить модель) или откройте пакет модели (*.radlens.zip).</translation>
    </message>
    <message>
        <source>Reading the models...</source>
        <translation>Чтение моделей...</translation>
    </message>
    <message>
        <source>No model for %1 series.</source>
        <translation>Нет модели для серий %1.</translation>
    </message>
    <message>
        <source>The models cannot run: %1</source>
        <translation>Модели не могут работать: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <source>open the series it was made on first, then import it</source>
        <translation>сначала откройте серию, на которой она сделана, затем импортируйте её</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>Импортировано: %1</translation>
    </message>
    <message>
        <source>Reading the reviews</source>
        <translation>Чтение оценок</translation>
    </message>
    <message>
        <source>Recording the review</source>
        <translation>Запись оценки</translation>
    </message>
    <message>
        <source>Cannot record the review: %1</source>
        <translation>Не удаётся записать оценку: %1</translation>
    </message>
    <message>
        <source>No findings of a model to export: analyse the series first.</source>
        <translation>Нет находок модели для экспорта: сначала проанализируйте серию.</translation>
    </message>
    <message>
        <source>No segmentation of a model to export: analyse the series first.</source>
        <translation>Нет сегментации модели для экспорта: сначала проанализируйте серию.</translation>
    </message>
    <message>
        <source>Exporting the findings</source>
        <translation>Экспорт находок</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>Экспортирован %1.</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Экспорт невозможен: %1</translation>
    </message>
    <message>
        <source>The series is still arriving: it is analysed when complete.</source>
        <translation>Серия ещё поступает: она будет проанализирована, когда придёт целиком.</translation>
    </message>
</context>
<context>
    <name>radlens::ui::TrainingRun</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>Не удалось запустить %1: %2</translation>
    </message>
    <message>
        <source>the training process crashed</source>
        <translation>процесс обучения аварийно завершился</translation>
    </message>
    <message>
        <source>the training process exited with %1</source>
        <translation>процесс обучения завершился с кодом %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>не удалось записать %1: %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::TrainingWizard</name>
    <message>
        <source>What to train</source>
        <translation>Что обучать</translation>
    </message>
    <message>
        <source>Fine-tune a classifier (findings per image) or a segmenter (lesion masks) on your local annotations.</source>
        <translation>Дообучите классификатор (находки на снимке) или сегментатор (маски очагов) на своей локальной разметке.</translation>
    </message>
    <message>
        <source>&amp;Classification (probability per finding)</source>
        <translation>&amp;Классификация (вероятность каждой находки)</translation>
    </message>
    <message>
        <source>&amp;Segmentation (lesion masks)</source>
        <translation>&amp;Сегментация (маски очагов)</translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation>&amp;Сеть:</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>Начальная модель</translation>
    </message>
    <message>
        <source>Fine-tuning a trained model needs far fewer examples than starting from scratch.</source>
        <translation>Дообучение готовой модели требует гораздо меньше примеров, чем обучение с нуля.</translation>
    </message>
    <message>
        <source>From &amp;scratch (random weights)</source>
        <translation>С &amp;нуля (случайные веса)</translation>
    </message>
    <message>
        <source>A model &amp;bundle (the active model by default)</source>
        <translation>&amp;Пакет модели (по умолчанию активная модель)</translation>
    </message>
    <message>
        <source>&amp;ImageNet weights (a torchvision .pth file)</source>
        <translation>Веса &amp;ImageNet (файл .pth torchvision)</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Обзор...</translation>
    </message>
    <message>
        <source>Model bundle</source>
        <translation>Пакет модели</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Веса</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pth *.pt)</source>
        <translation>Веса PyTorch (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Обучающие данные</translation>
    </message>
    <message>
        <source>class names, comma separated</source>
        <translation>имена классов через запятую</translation>
    </message>
    <message>
        <source>Add &amp;folder...</source>
        <translation>Добавить &amp;папку...</translation>
    </message>
    <message>
        <source>Add &amp;CSV...</source>
        <translation>Добавить &amp;CSV...</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Убрать</translation>
    </message>
    <message>
        <source>C&amp;heck data</source>
        <translation>П&amp;роверить данные</translation>
    </message>
    <message>
        <source>Training data folder</source>
        <translation>Папка обучающих данных</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Метки</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>C&amp;lasses:</source>
        <translation>К&amp;лассы:</translation>
    </message>
    <message>
        <source>Reading the data...</source>
        <translation>Чтение данных...</translation>
    </message>
    <message>
        <source>SYNTHETIC data.</source>
        <translation>СИНТЕТИЧЕСКИЕ данные.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Предупреждение: %1</translation>
    </message>
    <message>
        <source>Cannot use this data: %1</source>
        <translation>Эти данные использовать нельзя: %1</translation>
    </message>
    <message>
        <source>Split, hyper-parameters and device</source>
        <translation>Разбиение, гиперпараметры и устройство</translation>
    </message>
    <message>
        <source>Defaults follow the reference work: 80/20 split by patient, Adam with learning rate 0.001, backbone frozen for 10 epochs.</source>
        <translation>Значения по умолчанию взяты из исходной работы: разбиение 80/20 по пациентам, Adam со скоростью обучения 0,001, основа заморожена на 10 эпох.</translation>
    </message>
    <message>
        <source>&amp;Augmentation (rotation, flip, random crop)</source>
        <translation>&amp;Аугментация (поворот, отражение, случайная обрезка)</translation>
    </message>
    <message>
        <source>&amp;Validation fraction:</source>
        <translation>&amp;Доля валидации:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>&amp;Зерно:</translation>
    </message>
    <message>
        <source>E&amp;pochs:</source>
        <translation>Э&amp;похи:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Размер пакета:</translation>
    </message>
    <message>
        <source>&amp;Image size:</source>
        <translation>Размер &amp;изображения:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Скорость обучения:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <source>&amp;Frozen backbone epochs:</source>
        <translation>Эпох с &amp;замороженной основой:</translation>
    </message>
    <message>
        <source>Learning rate &amp;halves every (epochs):</source>
        <translation>Скорость обучения &amp;уменьшается вдвое каждые (эпох):</translation>
    </message>
    <message>
        <source>&amp;Output mode:</source>
        <translation>&amp;Режим выхода:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Устройство:</translation>
    </message>
    <message>
        <source>New model &amp;folder:</source>
        <translation>&amp;Папка новой модели:</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Обучение</translation>
    </message>
    <message>
        <source>The run is a separate process: the viewer stays responsive, and a crash of the run cannot take it down.</source>
        <translation>Обучение идёт в отдельном процессе: просмотрщик не зависает, а сбой обучения не может его закрыть.</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Запуск...</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>&amp;Отменить обучение</translation>
    </message>
    <message>
        <source>Loss and validation metric</source>
        <translation>Потери и метрика валидации</translation>
    </message>
    <message>
        <source>training loss (per step)</source>
        <translation>потери обучения (по шагам)</translation>
    </message>
    <message>
        <source>validation loss (per epoch)</source>
        <translation>потери валидации (по эпохам)</translation>
    </message>
    <message>
        <source>validation metric (per epoch)</source>
        <translation>метрика валидации (по эпохам)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>эпоха</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Продолжить</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>Пауза.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Обучение не удалось: %1</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, step %3 of %4, loss %5; about %6 s left.</source>
        <translation>Эпоха %1 из %2, шаг %3 из %4, потери %5; осталось около %6 с.</translation>
    </message>
    <message>
        <source>Results on the validation split</source>
        <translation>Результаты на валидационной выборке</translation>
    </message>
    <message>
        <source>&amp;Activate this model</source>
        <translation>&amp;Активировать эту модель</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: truth)</source>
        <translation>Матрица ошибок (строки: истина)</translation>
    </message>
    <message>
        <source>Best epoch %1 of %2 on %3, %4 s. Mean F1 %5, IoU %6%7.</source>
        <translation>Лучшая эпоха %1 из %2 на %3, %4 с. Средняя F1 %5, IoU %6%7.</translation>
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
        <translation>Точность</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Полнота</translation>
    </message>
    <message>
        <source>Current model IoU</source>
        <translation>IoU текущей модели</translation>
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
        <translation>F1 текущей модели</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>н/д</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>TN</source>
        <translation>ИО</translation>
    </message>
    <message>
        <source>FP</source>
        <translation>ЛП</translation>
    </message>
    <message>
        <source>FN</source>
        <translation>ЛО</translation>
    </message>
    <message>
        <source>TP</source>
        <translation>ИП</translation>
    </message>
    <message>
        <source>background</source>
        <translation>фон</translation>
    </message>
    <message>
        <source>Active for %1: %2 version %3 (earlier versions are kept).</source>
        <translation>Активна для %1: %2, версия %3 (прежние версии сохранены).</translation>
    </message>
    <message>
        <source>Cannot activate: %1</source>
        <translation>Не удалось активировать: %1</translation>
    </message>
    <message>
        <source>Train a model</source>
        <translation>Обучение модели</translation>
    </message>
    <message>
        <source>multi-label (a probability per class)</source>
        <translation>многометочный (вероятность для каждого класса)</translation>
    </message>
    <message>
        <source>multi-class (one class per image)</source>
        <translation>многоклассовый (один класс на снимок)</translation>
    </message>
    <message>
        <source>automatic (CUDA when present)</source>
        <translation>автоматически (CUDA, если есть)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>ЦП</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>ГП CUDA</translation>
    </message>
    <message>
        <source>The annotation store (final versions), exported or `radlens-cli synth` folders, ChestX-ray14-style CSV files, COCO JSON, or images/ + masks/ NIfTI pairs.</source>
        <translation>Хранилище разметки (итоговые версии), экспортированные папки или папки `radlens-cli synth`, CSV в стиле ChestX-ray14, COCO JSON или пары NIfTI images/ + masks/.</translation>
    </message>
    <message>
        <source>Add annotation &amp;store</source>
        <translation>Добавить &amp;хранилище разметки</translation>
    </message>
    <message>
        <source>The newest final annotation of every series annotated here</source>
        <translation>Последняя итоговая разметка каждой серии, размеченной здесь</translation>
    </message>
    <message>
        <source>Calibration on %1 validation cases: expected calibration error %2 before, %3 after temperature scaling. Thresholds chosen for %4.</source>
        <translation>Калибровка на %1 проверочных случаях: ожидаемая ошибка калибровки %2 до, %3 после температурного масштабирования. Пороги выбраны для: %4.</translation>
    </message>
    <message>
        <source>the best F1</source>
        <translation>лучший F1</translation>
    </message>
    <message>
        <source>sensitivity</source>
        <translation>чувствительность</translation>
    </message>
    <message>
        <source>specificity</source>
        <translation>специфичность</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Порог</translation>
    </message>
    <message>
        <source>Sensitivity (95% CI)</source>
        <translation>Чувствительность (95% ДИ)</translation>
    </message>
    <message>
        <source>Specificity (95% CI)</source>
        <translation>Специфичность (95% ДИ)</translation>
    </message>
    <message>
        <source>best F1</source>
        <translation>лучший F1</translation>
    </message>
    <message>
        <source>a sensitivity of at least</source>
        <translation>чувствительность не ниже</translation>
    </message>
    <message>
        <source>a specificity of at least</source>
        <translation>специфичность не ниже</translation>
    </message>
    <message>
        <source>&amp;Thresholds for:</source>
        <translation>&amp;Пороги для:</translation>
    </message>
    <message>
        <source>1 (too few cases to fit)</source>
        <translation>1 (слишком мало случаев для подбора)</translation>
    </message>
    <message numerus="yes">
        <source>%n cases</source>
        <translation>
            <numerusform>%n случай</numerusform>
            <numerusform>%n случая</numerusform>
            <numerusform>%n случаев</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n patients.</source>
        <translation>
            <numerusform>%n пациент.</numerusform>
            <numerusform>%n пациента.</numerusform>
            <numerusform>%n пациентов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a mask.</source>
        <translation>
            <numerusform>%n с маской.</numerusform>
            <numerusform>%n с масками.</numerusform>
            <numerusform>%n с масками.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n on the official test list (held out),</source>
        <translation>
            <numerusform>%n в официальном тестовом списке (отложен),</numerusform>
            <numerusform>%n в официальном тестовом списке (отложены),</numerusform>
            <numerusform>%n в официальном тестовом списке (отложены),</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>radlens::ui::TransferListModel</name>
    <message>
        <source>Node</source>
        <translation>Узел</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Передача</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Ход</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Retrieve: %1</source>
        <translation>Получение: %1</translation>
    </message>
    <message>
        <source>Send: %1</source>
        <translation>Отправка: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>Отменяется</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Готово: %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
</context>
<context>
    <name>radlens::ui::ViewerToolBar</name>
    <message>
        <source>CT lung</source>
        <translation>КТ лёгкие</translation>
    </message>
    <message>
        <source>CT mediastinum</source>
        <translation>КТ средостение</translation>
    </message>
    <message>
        <source>CT bone</source>
        <translation>КТ кости</translation>
    </message>
    <message>
        <source>CT brain</source>
        <translation>КТ мозг</translation>
    </message>
    <message>
        <source>CT abdomen</source>
        <translation>КТ брюшная полость</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Инструменты</translation>
    </message>
    <message>
        <source>Window/level preset</source>
        <translation>Предустановка окна</translation>
    </message>
    <message>
        <source>Window preset</source>
        <translation>Окно</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> кадр/с</translation>
    </message>
    <message>
        <source>Cine rate, frames per second</source>
        <translation>Скорость кино, кадров в секунду</translation>
    </message>
    <message>
        <source>3D rendering preset</source>
        <translation>Предустановка 3D</translation>
    </message>
    <message>
        <source>CT soft tissue</source>
        <translation>КТ мягкие ткани</translation>
    </message>
    <message>
        <source>MIP</source>
        <translation>MIP</translation>
    </message>
    <message>
        <source>Header: W %1 L %2</source>
        <translation>Заголовок: Ш %1 У %2</translation>
    </message>
</context>
<context>
    <name>radlens::ui::WorklistModel</name>
    <message numerus="yes">
        <source>%n lesion(s)</source>
        <translation>
            <numerusform>%n очаг</numerusform>
            <numerusform>%n очага</numerusform>
            <numerusform>%n очагов</numerusform>
        </translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>не проанализировано</translation>
    </message>
    <message>
        <source>none flagged</source>
        <translation>ничего не отмечено</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Пациент</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Модальность</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Серия</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Отмечено</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>Просмотрел</translation>
    </message>
    <message>
        <source>A model found this series outside what it was trained on: its findings may not hold.</source>
        <translation>Модель сочла эту серию выходящей за пределы того, на чём обучалась: её находкам может быть нельзя доверять.</translation>
    </message>
    <message>
        <source>[outside training data] %1</source>
        <translation>[вне обучающих данных] %1</translation>
    </message>
    <message>
        <source>A model trained on synthetic data made these findings: not for clinical use.</source>
        <translation>Эти находки сделала модель, обученная на синтетических данных: не для клинического применения.</translation>
    </message>
    <message>
        <source>[SYNTHETIC model] %1</source>
        <translation>[СИНТЕТИЧЕСКАЯ модель] %1</translation>
    </message>
</context>
<context>
    <name>radlens::ui::WorklistPanel</name>
    <message>
        <source>&amp;Unread</source>
        <translation>&amp;Непросмотренные</translation>
    </message>
    <message>
        <source>F&amp;lagged</source>
        <translation>&amp;Отмеченные</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Любая дата</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Последний год</translation>
    </message>
    <message>
        <source>Analyse &amp;All</source>
        <translation>Анализировать &amp;все</translation>
    </message>
    <message>
        <source>Mark &amp;Reviewed</source>
        <translation>Отметить как &amp;просмотренное</translation>
    </message>
    <message>
        <source>%1 of %2 series</source>
        <translation>%1 из %2 серий</translation>
    </message>
    <message>
        <source>Analysis stopped; it continues from here next time.</source>
        <translation>Анализ остановлен; в следующий раз он продолжится с этого места.</translation>
    </message>
    <message>
        <source>Every series is analysed.</source>
        <translation>Все серии проанализированы.</translation>
    </message>
    <message numerus="yes">
        <source>%n series could not be analysed: %1</source>
        <translation>
            <numerusform>%n серию не удалось проанализировать: %1</numerusform>
            <numerusform>%n серии не удалось проанализировать: %1</numerusform>
            <numerusform>%n серий не удалось проанализировать: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>All modalities</source>
        <translation>Все модальности</translation>
    </message>
    <message>
        <source>No active model to analyse with (AI &gt; Models).</source>
        <translation>Нет активной модели для анализа (ИИ &gt; Модели).</translation>
    </message>
    <message>
        <source>Analysing every series in the background...</source>
        <translation>Анализ всех серий в фоне...</translation>
    </message>
    <message>
        <source>C&amp;ancel Analysis</source>
        <translation>О&amp;тменить анализ</translation>
    </message>
    <message>
        <source>Cannot record the review in %1</source>
        <translation>Не удалось записать оценку в %1</translation>
    </message>
    <message>
        <source>Reading the worklist</source>
        <translation>Чтение рабочего списка</translation>
    </message>
    <message>
        <source>Cannot read the worklist: %1</source>
        <translation>Не удаётся прочитать рабочий список: %1</translation>
    </message>
    <message>
        <source>Recording the review</source>
        <translation>Запись оценки</translation>
    </message>
    <message>
        <source>Priority first</source>
        <translation>Сначала приоритетные</translation>
    </message>
    <message>
        <source>Most uncertain first</source>
        <translation>Сначала самые неуверенные</translation>
    </message>
    <message>
        <source>Most uncertain first: the cases whose probabilities lie nearest their thresholds, which teach the next fine-tune most.</source>
        <translation>Сначала самые неуверенные: случаи, чьи вероятности ближе всего к порогам; они больше всего дадут следующему дообучению.</translation>
    </message>
    <message>
        <source>Annotate &amp;Next Uncertain</source>
        <translation>Разметить с&amp;ледующий неуверенный</translation>
    </message>
    <message>
        <source>No analysed series is left without a final annotation.</source>
        <translation>Не осталось проанализированных серий без окончательной разметки.</translation>
    </message>
</context>
<context>
    <name>radlens::viewer::SliceView</name>
    <message>
        <source>reformat</source>
        <translation>реконструкция</translation>
    </message>
    <message>
        <source>Slice %1/%2</source>
        <translation>Срез %1/%2</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 мм</translation>
    </message>
    <message>
        <source>W %1 L %2</source>
        <translation>Ш %1 У %2</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>Масштаб %1%</translation>
    </message>
    <message>
        <source>mean %1 SD %2 %3
min %4 max %5, %6 mm²</source>
        <translation>среднее %1 СО %2 %3
мин. %4 макс. %5, %6 мм²</translation>
    </message>
    <message>
        <source>%1°</source>
        <translation>%1°</translation>
    </message>
    <message>
        <source>Slice %1/%2 (loading)</source>
        <translation>Срез %1/%2 (загрузка)</translation>
    </message>
</context>
</TS>
